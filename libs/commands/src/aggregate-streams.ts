import type { EventStore, NO_STREAM, Position } from '@lib/event-store';
import { idempotencyStamp, type IdempotentAppend } from './idempotency';
import type { Decider, Decision, DecisionContext } from '@lib/ledger';
import { LIMITS } from '@lib/limits';
import type { CommandMeta } from './command-meta';
import {
  appendDecided,
  handleCommand,
  prevHashOf,
  loadState,
  replayOf,
  type DomainEvent,
  type HandledCommand,
  type LoadedStream,
} from './command-loop';
import { inCommandSpan, logDomainAction } from './command-tracing';
import type { LedgerContext } from './ledger-context';

/** The fold of one kind of aggregate and the schema version of each of its event types. */
export type AggregateSpec<State, Event extends DomainEvent> = Pick<
  Decider<unknown, Event, State, Decision<Event, unknown>>,
  'initialState' | 'evolve' | 'schemaVersions'
>;

/**
 * The streams of one kind of aggregate (payments, payer guards, settlement days...): load one, or
 * decide on it and append through the one command loop. Every event any command writes goes
 * through here, so its metadata (who, why, when, schema version) is stamped in one place.
 */
export class AggregateStreams<State, Event extends DomainEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly ledger: LedgerContext,
    private readonly spec: AggregateSpec<State, Event>,
    /** Load → decide → append attempts before a run gives up on a contended stream. */
    private readonly maxAttempts: number = LIMITS.commands.concurrencyAttempts,
  ) {}

  load(streamId: string): Promise<LoadedStream<State>> {
    return loadState(this.store, streamId, this.spec);
  }

  /**
   * Decides on the stream's current state and appends what was decided, retrying on conflict.
   * With `idempotent`, this command answers the request's Idempotency-Key (docs/adr/0011): an
   * answered first attempt found in the stream is replayed instead, and the events carry the key.
   */
  run<D extends Decision<Event, unknown>>(
    streamId: string,
    decide: (state: State, ctx: DecisionContext) => D,
    meta: CommandMeta,
    options: { readonly maxAttempts?: number; readonly idempotent?: IdempotentAppend } = {},
  ): Promise<HandledCommand<State, D>> {
    const { idempotent } = options;
    return handleCommand(
      this.store,
      streamId,
      this.spec,
      (state) => decide(state, this.ledger.decisionContext(meta)),
      {
        metadataFor: (event) => this.metadataOf(event, meta),
        maxAttempts: options.maxAttempts ?? this.maxAttempts,
        correlationId: meta.correlationId,
        ...(idempotent === undefined || meta.idempotency === undefined
          ? {}
          : { idempotency: { ticket: meta.idempotency, append: idempotent } }),
      },
    );
  }

  /**
   * The answer the stream already holds for the request of `meta` (docs/adr/0011), or null: the
   * stream as it stood after the request's answering event. Throws IDEMPOTENCY_KEY_REUSED for the
   * same key with another request.
   */
  async replay(streamId: string, meta: CommandMeta): Promise<HandledCommand<State, never> | null> {
    if (meta.idempotency === undefined) return null;
    const events = await this.store.readStream(streamId);
    return replayOf(events, meta.idempotency, this.spec) as HandledCommand<State, never> | null;
  }

  /**
   * Appends `events` only if the stream is still at `revision` (the state they were decided on);
   * throws WrongExpectedVersionError otherwise.
   */
  async appendAt(
    streamId: string,
    events: readonly Event[],
    revision: bigint | typeof NO_STREAM,
    meta: CommandMeta,
    options: { readonly idempotent?: IdempotentAppend } = {},
  ): Promise<Position> {
    return inCommandSpan(streamId, meta.correlationId, async () => {
      const prevHash = revision === 'no_stream' ? null : await prevHashOf(this.store, streamId);
      const { idempotency } = meta;
      const stamp =
        options.idempotent === undefined || idempotency === undefined
          ? {}
          : idempotencyStamp(idempotency, options.idempotent === 'answers');
      const appended = await appendDecided(
        this.store,
        streamId,
        events,
        { revision, prevHash },
        (event) => ({ ...this.metadataOf(event, meta), ...stamp }),
      );
      logDomainAction(streamId, meta.correlationId, {
        events,
        refusal: undefined,
        replayed: false,
      });
      return appended.position;
    });
  }

  private metadataOf(event: Event, meta: CommandMeta) {
    const type: Event['type'] = event.type;
    return this.ledger.eventMetadata(meta, this.spec.schemaVersions[type]);
  }
}
