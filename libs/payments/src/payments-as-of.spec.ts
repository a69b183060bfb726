import { DateTime } from 'luxon';
import type { RecordedEvent } from '@lib/event-store';
import { recordedBy } from './payments-as-of';

/** A stream whose events the store recorded at these instants, in revision order. */
function streamRecordedAt(...instants: string[]) {
  const events = instants.map((created, revision): RecordedEvent => ({
    id: `e-${revision}`,
    type: 'Noted',
    data: { revision },
    metadata: {},
    streamId: 's-1',
    revision: BigInt(revision),
    position: { commit: BigInt(revision), prepare: BigInt(revision) },
    created: new Date(created),
  }));
  return { readStream: () => Promise.resolve(events) };
}

const at = (instant: string) => DateTime.fromISO(instant, { setZone: true });
const revisions = (events: RecordedEvent[]) => events.map((event) => Number(event.revision));

describe('recordedBy: a stream as it stood at an instant of recording time', () => {
  const store = streamRecordedAt(
    '2026-12-01T01:00:00.000Z',
    '2026-12-01T01:00:00.000Z',
    '2026-12-01T01:05:00.000Z',
  );

  it('given events recorded before and at the instant, then it keeps them: `asOf` is inclusive', async () => {
    expect(revisions(await recordedBy(store, 's-1', at('2026-12-01T01:00:00.000Z')))).toEqual([
      0, 1,
    ]);
    expect(revisions(await recordedBy(store, 's-1', at('2026-12-01T10:05:00+09:00')))).toEqual([
      0, 1, 2,
    ]);
  });

  it('given an instant a millisecond before the first event, then the stream is empty', async () => {
    expect(await recordedBy(store, 's-1', at('2026-12-01T00:59:59.999Z'))).toEqual([]);
  });

  it('given writers whose clocks disagree, then it ends at the first event recorded later: always a prefix', async () => {
    const skewed = streamRecordedAt(
      '2026-12-01T01:00:00.000Z',
      '2026-12-01T01:02:00.000Z',
      '2026-12-01T01:01:00.000Z',
    );
    expect(revisions(await recordedBy(skewed, 's-1', at('2026-12-01T01:01:30.000Z')))).toEqual([0]);
  });
});
