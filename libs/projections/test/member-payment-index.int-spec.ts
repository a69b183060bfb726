import { MemoryEventStore } from '@lib/event-store';
import { parseIsoInstant, type Payer, type PaymentEvent } from '@lib/ledger';
import { listMemberPaymentIds, memberPaymentIndexProjection } from '../src/member-payment-index';
import { paymentsProjection, prunePayments } from '../src/payments';
import type { ReadModelDatabase } from '../src/projection';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModelDatabase } from '../src/read-model-database';
import { dumpReadModels } from './support/dump';
import { appendPaymentEvents, kst, requested } from './support/events';
import { lastPositionOf, rebuiltReadModel } from './support/read-models';

const ms = (instant: string): number => parseIsoInstant(instant)!.toMillis();
const other: Payer = { type: 'MEMBER', memberId: 'm-2002' };
const guest: Payer = {
  type: 'GUEST',
  verificationId: 'ver-1',
  phoneKey: 'hmac-sha256:phone-1',
  passwordHash: 'scrypt$1',
};

describe('The member payment index (as-of lists, R14): which payments a member had requested by an instant', () => {
  let recordingAt = kst('2026-12-01T10:00');
  let store: MemoryEventStore;
  let db: ReadModelDatabase;
  let runner: ProjectionRunner;

  /** Appends `event` as recorded by the store at `at` (transaction time). */
  async function recordAt(at: string, event: PaymentEvent) {
    recordingAt = at;
    await appendPaymentEvents(store, [event]);
  }

  const list = (asOf: string, options: { since?: string; limit?: number; cursor?: string } = {}) =>
    listMemberPaymentIds(db, {
      memberId: 'm-1001',
      since: options.since ?? '2026-09-01',
      recordedByMs: ms(asOf),
      limit: options.limit ?? 100,
      cursor: options.cursor ?? null,
    });

  beforeEach(async () => {
    store = new MemoryEventStore({ now: () => new Date(ms(recordingAt)) });
    // Requested (business time) at 10:00, 10:05 and 10:10; p-late's request is recorded last.
    await recordAt(kst('2026-12-01T10:00'), requested('p-early', kst('2026-12-01T10:00')));
    await recordAt(kst('2026-12-01T10:05'), requested('p-other', kst('2026-12-01T10:05'), other));
    await recordAt(kst('2026-12-01T10:06'), requested('p-guest', kst('2026-12-01T10:06'), guest));
    await recordAt(kst('2026-12-01T10:10'), requested('p-mid', kst('2026-12-01T10:10')));
    await recordAt(kst('2026-12-01T10:30'), requested('p-late', kst('2026-12-01T10:05')));
    await recordAt(kst('2026-08-31T23:59:59.999'), requested('p-old', kst('2026-08-31T23:59')));
    db = openReadModelDatabase(':memory:');
    runner = new ProjectionRunner({
      store,
      db,
      projections: [paymentsProjection, memberPaymentIndexProjection],
    });
    await runner.start();
    await runner.waitForPosition(await lastPositionOf(store));
  });

  afterEach(async () => {
    await runner.stop();
    db.close();
    await store.close();
  });

  it('given requests recorded at different instants, then as of each instant lists those recorded by then, newest request first', () => {
    expect(list(kst('2026-12-01T09:59:59.999')).paymentIds).toEqual([]);
    expect(list(kst('2026-12-01T10:00')).paymentIds).toEqual(['p-early']);
    expect(list(kst('2026-12-01T10:29:59.999')).paymentIds).toEqual(['p-mid', 'p-early']);
    // Recorded at 10:30, requested at 10:05: it takes its place by its request, as in the live list.
    expect(list(kst('2026-12-01T10:30')).paymentIds).toEqual(['p-mid', 'p-late', 'p-early']);
  });

  it('never lists another member’s payment or a guest’s, and keeps no guest at all (R25)', () => {
    expect(list(kst('2026-12-02T00:00')).paymentIds).not.toContain('p-other');
    const rows = db.prepare('SELECT member_id FROM member_payment_index').pluck().all();
    expect([...new Set(rows)].sort()).toEqual(['m-1001', 'm-2002']);
  });

  it('starts the window at `since` (00:00 KST) on the requested instant', () => {
    const late = kst('2026-12-02T00:00');
    expect(list(late, { since: '2026-08-31' }).paymentIds).toContain('p-old');
    expect(list(late, { since: '2026-09-01' }).paymentIds).not.toContain('p-old');
  });

  it('pages with the live list’s keyset cursor: every payment once', () => {
    const asOf = kst('2026-12-02T00:00');
    const first = list(asOf, { limit: 2 });
    expect(first.paymentIds).toEqual(['p-mid', 'p-late']);
    const second = list(asOf, { limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ paymentIds: ['p-early'], nextCursor: null });
  });

  it('is not pruned with the live list: the payments table forgets, the index does not', () => {
    expect(prunePayments(db, '2026-12-01')).toBe(1);
    expect(list(kst('2026-12-02T00:00'), { since: '2026-08-01' }).paymentIds).toContain('p-old');
  });

  it('rebuilt from the log equals the live one', async () => {
    const rebuilt = await rebuiltReadModel(store, [memberPaymentIndexProjection]);
    expect(dumpReadModels(rebuilt).rows.member_payment_index).toEqual(
      dumpReadModels(db).rows.member_payment_index,
    );
    rebuilt.close();
  });
});
