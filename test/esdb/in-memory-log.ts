/**
 * TEST CODE ONLY. The in-memory log behind the wire-level EventStoreDB test server: one `$all`
 * with EventStoreDB's semantics as the v6 client observes them (0-based revisions, `no_stream`,
 * expected-revision checks, idempotent retries by event id, byte-offset-like positions). It is a
 * test double, not a product feature: no deletes, no stream metadata, no ACLs, no scavenge.
 */

export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;
export type Current = bigint | 'no_stream';

export interface LogEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  /** commit = prepare, as EventStoreDB reports for events written by one append. */
  readonly position: bigint;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** 100-ns ticks since the Unix epoch, as EventStoreDB sends `created`. */
  readonly createdTicks: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export type AppendOutcome =
  | { readonly ok: true; readonly revision: bigint; readonly position: bigint }
  | { readonly ok: false; readonly current: Current };

/** Positions grow by more than one per event, as byte offsets do, so no adapter assumes n+1. */
const RECORD_OVERHEAD = 97n;

export class InMemoryLog {
  private readonly all: LogEvent[] = [];
  private readonly streams = new Map<string, LogEvent[]>();
  private readonly listeners = new Set<(event: LogEvent) => void>();
  private nextPosition = 0n;

  append(streamId: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current: Current = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    const retried = this.retriedAppend(stream, expected, events);
    if (retried !== undefined) return retried;
    if (!satisfies(expected, current)) return { ok: false, current };
    const createdTicks = BigInt(Date.now()) * 10_000n;
    const written = events.map((event, i) => {
      const position = this.nextPosition;
      this.nextPosition += RECORD_OVERHEAD + BigInt(event.data.length);
      return {
        ...event,
        streamId,
        revision: BigInt(stream.length + i),
        position,
        createdTicks,
      } satisfies LogEvent;
    });
    for (const event of written) {
      stream.push(event);
      this.all.push(event);
    }
    this.streams.set(streamId, stream);
    for (const event of written) for (const listener of this.listeners) listener(event);
    const last = written.at(-1);
    if (last === undefined) throw new TypeError('An append carries at least one event');
    return { ok: true, revision: last.revision, position: last.position };
  }

  stream(streamId: string): readonly LogEvent[] | undefined {
    return this.streams.get(streamId);
  }

  allEvents(): readonly LogEvent[] {
    return this.all;
  }

  /** Calls `listener` synchronously for each event appended from now on; returns the stopper. */
  onAppend(listener: (event: LogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * EventStoreDB's idempotency: when the proposed ids are already stored consecutively where the
   * expected revision says the append goes, the original result comes back and nothing is written.
   */
  private retriedAppend(
    stream: readonly LogEvent[],
    expected: Expected,
    events: readonly ProposedEvent[],
  ): AppendOutcome | undefined {
    const first = events[0];
    if (first === undefined) return undefined;
    let from: number;
    if (expected === 'no_stream') from = 0;
    else if (typeof expected === 'bigint') from = Number(expected) + 1;
    else from = stream.findIndex((event) => event.id === first.id);
    if (from < 0 || from + events.length > stream.length) return undefined;
    const stored = stream.slice(from, from + events.length);
    if (!stored.every((event, i) => event.id === events[i]?.id)) return undefined;
    const last = stored.at(-1);
    return last && { ok: true, revision: last.revision, position: last.position };
  }
}

function satisfies(expected: Expected, current: Current): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === 'no_stream';
  if (expected === 'stream_exists') return current !== 'no_stream';
  return current === expected;
}
