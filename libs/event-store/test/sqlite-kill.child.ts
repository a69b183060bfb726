/**
 * The victim of sqlite-kill.int-spec.ts: appends under concurrent load to the SQLite file named by
 * argv[2] until it is killed, and prints one line per acknowledged event, as soon as its append
 * resolves: `<stream> <revision> <event id>`.
 *
 * Writers 0..23 each own a stream and append 1–3 events at a time with the exact expected
 * revision; writers 24..31 contend for one shared stream, retrying from the revision they are
 * told, so that refused appends are part of the load too.
 */
import { randomUUID } from 'node:crypto';
import {
  openSqliteEventStore,
  WrongExpectedVersionError,
  type AppendResult,
  type CurrentRevision,
} from '@lib/event-store';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: sqlite-kill.child.ts <database file>');
const store = openSqliteEventStore({ path });

// If the parent dies without killing us, stop rather than run forever.
process.stdin.on('end', () => process.exit(1));
process.stdin.resume();

function acknowledge(streamId: string, result: AppendResult, ids: readonly string[]): void {
  const first = result.nextExpectedRevision - BigInt(ids.length - 1);
  const lines = ids.map((id, i) => `${streamId} ${first + BigInt(i)} ${id}\n`);
  process.stdout.write(lines.join(''));
}

async function append(
  streamId: string,
  count: number,
  expected: CurrentRevision,
): Promise<AppendResult> {
  const events = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: 'LoadApplied',
    data: { i },
  }));
  const result = await store.appendToStream(streamId, events, { expectedRevision: expected });
  acknowledge(
    streamId,
    result,
    events.map((event) => event.id),
  );
  return result;
}

async function ownStreamWriter(writer: number): Promise<never> {
  const streamId = `kill-own-${writer}`;
  let expected: CurrentRevision = 'no_stream';
  for (let round = 0; ; round += 1) {
    const result = await append(streamId, 1 + ((writer + round) % 3), expected);
    expected = result.nextExpectedRevision;
  }
}

async function sharedStreamWriter(): Promise<never> {
  let expected: CurrentRevision = 'no_stream';
  for (;;) {
    try {
      expected = (await append('kill-shared', 1, expected)).nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      expected = error.actualRevision;
    }
  }
}

const writers = [
  ...Array.from({ length: 24 }, (_, writer) => ownStreamWriter(writer)),
  ...Array.from({ length: 8 }, () => sharedStreamWriter()),
];
Promise.all(writers).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(2);
});
