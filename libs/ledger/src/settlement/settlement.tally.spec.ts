import type { PaymentEvent, PaymentInstrument } from '../payment/payment.events';
import {
  card,
  cancelled,
  completed,
  declined,
  requested,
  transfer,
} from '../test/payment.fixtures';
import { daysBetween, hasDayEnded, lastEndedDay, nextBusinessDate } from './settlement.calendar';
import { SettlementTally } from './settlement.tally';
import { kst } from '../test/decider-spec';

const DAY = '2026-12-01';

/** One payment's events, renamed to `paymentId`. */
function payment(
  paymentId: string,
  instrument: PaymentInstrument,
  options: { items?: number; completedAt?: string; cancelledAt?: string; failed?: boolean } = {},
): PaymentEvent[] {
  const items = options.items ?? 3;
  const events: PaymentEvent[] = [
    requested({ paymentId, instrument, items, at: '2026-12-01T00:00' }),
  ];
  if (options.failed === true) {
    const failure = declined();
    events.push({ ...failure, data: { ...failure.data, paymentId } });
    return events;
  }
  if (options.completedAt === undefined) return events;
  const completion = completed({ paymentId, at: options.completedAt, amountKrw: items * 1_000 });
  events.push(completion);
  if (options.cancelledAt !== undefined) {
    const cancellation = cancelled({
      at: options.cancelledAt,
      amountKrw: items * 1_000,
      completedOn: completion.data.completedOn,
    });
    events.push({ ...cancellation, data: { ...cancellation.data, paymentId } });
  }
  return events;
}

function tally(days: string[], ...payments: PaymentEvent[][]): SettlementTally {
  const result = new SettlementTally(days);
  for (const event of payments.flat()) result.add(event);
  return result;
}

describe('R18 the report counts the payments that completed that KST day', () => {
  it('counts completed payments by method, issuer and bank, and nets out the cancelled ones', () => {
    const report = tally(
      [DAY],
      payment('p1', card('SHINHAN'), { items: 3, completedAt: '2026-12-01T10:00' }),
      payment('p2', card('SHINHAN'), {
        items: 2,
        completedAt: '2026-12-01T11:00',
        cancelledAt: '2026-12-01T11:30',
      }),
      payment('p3', card('BC'), { items: 1, completedAt: '2026-12-01T12:00' }),
      payment('p4', transfer('088'), {
        items: 4,
        completedAt: '2026-12-01T13:00',
        cancelledAt: '2026-12-01T23:59:59.999',
      }),
      payment('p5', transfer('004'), { items: 5, completedAt: '2026-12-01T14:00' }),
    ).report(DAY);

    expect(report).toEqual({
      date: DAY,
      completed: { count: 5, amountKrw: 15_000 },
      cancelled: { count: 2, amountKrw: 6_000 },
      netAmountKrw: 9_000,
      byMethod: {
        CARD: {
          completed: { count: 3, amountKrw: 6_000 },
          cancelled: { count: 1, amountKrw: 2_000 },
        },
        BANK_TRANSFER: {
          completed: { count: 2, amountKrw: 9_000 },
          cancelled: { count: 1, amountKrw: 4_000 },
        },
      },
      byIssuer: {
        BC: { completed: { count: 1, amountKrw: 1_000 }, cancelled: { count: 0, amountKrw: 0 } },
        SHINHAN: {
          completed: { count: 2, amountKrw: 5_000 },
          cancelled: { count: 1, amountKrw: 2_000 },
        },
      },
      byBank: {
        '004': { completed: { count: 1, amountKrw: 5_000 }, cancelled: { count: 0, amountKrw: 0 } },
        '088': {
          completed: { count: 1, amountKrw: 4_000 },
          cancelled: { count: 1, amountKrw: 4_000 },
        },
      },
    });
    expect(Object.keys(report.byIssuer)).toEqual(['BC', 'SHINHAN']); // the order of the R1 table
  });

  it('puts a completion at 23:59:59.999 in the day and one at 00:00:00.000 in the next', () => {
    const result = tally(
      [DAY, '2026-12-02'],
      payment('late', card(), { items: 1, completedAt: '2026-12-01T23:59:59.999' }),
      payment('early', card(), { items: 2, completedAt: '2026-12-02T00:00' }),
    );
    expect(result.report(DAY).completed).toEqual({ count: 1, amountKrw: 1_000 });
    expect(result.report('2026-12-02').completed).toEqual({ count: 1, amountKrw: 2_000 });
  });

  it('counts neither requested-only nor failed payments (R4: never charged)', () => {
    const report = tally(
      [DAY],
      payment('waiting', card()),
      payment('declined', card(), { failed: true }),
    ).report(DAY);
    expect(report.completed).toEqual({ count: 0, amountKrw: 0 });
    expect(report.byMethod.CARD.completed.count).toBe(0);
    expect(report.byIssuer).toEqual({});
    expect(report.netAmountKrw).toBe(0);
  });

  it('ignores payments of days it does not tally, and events that are not payment events', () => {
    const result = new SettlementTally([DAY]);
    for (const event of payment('other', card(), {
      completedAt: '2026-11-30T10:00',
      cancelledAt: '2026-11-30T10:05',
    })) {
      result.add(event);
    }
    result.add({ type: 'SettlementClosed', data: {} });
    result.add({ type: 'IdempotentRequestStarted', data: {} });
    expect(result.report(DAY).completed.count).toBe(0);
  });

  it('treats a completion without its request, or a cancellation against another day, as a bug', () => {
    const [, completion] = payment('p1', card(), { completedAt: '2026-12-01T10:00' });
    expect(() => new SettlementTally([DAY]).add(completion!)).toThrow(/without a request/);
    const events = payment('p2', card(), {
      completedAt: '2026-12-01T10:00',
      cancelledAt: '2026-12-01T10:05',
    });
    const wrong = events[2]!;
    const result = tally([DAY, '2026-12-02'], events.slice(0, 2));
    expect(() =>
      result.add({ ...wrong, data: { ...wrong.data, completedOn: '2026-12-02' } }),
    ).toThrow(/did not complete/);
  });
});

describe('R18 the settlement calendar (KST)', () => {
  it('says a day has ended at 00:00:00.000 KST of the next day, not a millisecond before', () => {
    expect(hasDayEnded(DAY, kst('2026-12-01T23:59:59.999'))).toBe(false);
    expect(hasDayEnded(DAY, kst('2026-12-02T00:00'))).toBe(true);
    // 2026-12-01T15:00Z is 2026-12-02T00:00 KST
    expect(hasDayEnded(DAY, kst('2026-12-02T00:00').setZone('UTC'))).toBe(true);
  });

  it('lists days oldest first across months and years', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(daysBetween('2026-12-02', DAY)).toEqual([]);
    expect(daysBetween('2026-01-01', '2026-12-31')).toHaveLength(365);
    expect(nextBusinessDate('2028-02-28')).toBe('2028-02-29');
  });

  it('names yesterday (KST) as the last ended day', () => {
    expect(lastEndedDay(kst('2026-12-02T00:00'))).toBe(DAY);
    expect(lastEndedDay(kst('2026-12-01T23:59:59.999'))).toBe('2026-11-30');
  });
});
