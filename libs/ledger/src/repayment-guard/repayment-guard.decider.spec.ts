import { planRepayment } from '../payment/payment.repayment';
import { foldPayment } from '../payment/payment.state';
import { repaymentGuardStreamId } from '../streams';
import { ctxAt, kst, spec } from '../test/decider-spec';
import {
  completed,
  declined,
  expired,
  iso,
  requested,
  transfer,
  viewed,
} from '../test/payment.fixtures';
import type { RepaymentGuardCommand } from './repayment-guard.commands';
import { repaymentGuardDecider } from './repayment-guard.decide';
import type { RepaymentGuardEvent } from './repayment-guard.events';
import { repaymentHoldFor, repaymentReleaseFor } from './repayment-guard.links';

const guard = spec(repaymentGuardDecider);
const at = (wallClock: string) => ctxAt(wallClock);

/** The original pay-1 (3 judgments, item-2 viewed) and a repayment of it planned at `when`. */
const original = () =>
  foldPayment([requested(), completed(), viewed('item-2', { at: '2026-12-01T10:05' })]);
function holdOf(repaymentId: string, when: string): RepaymentGuardCommand {
  const plan = planRepayment(
    original(),
    { paymentId: repaymentId, method: 'CARD', cardIssuer: 'BC' },
    kst(when),
    false,
  );
  if (plan.command === undefined) throw new Error(`refused: ${plan.refusal.code}`);
  const hold = repaymentHoldFor(plan.command, at(when));
  if (hold === null) throw new Error('expected a hold');
  return hold;
}

const held = (repaymentId: string, from: string, until: string): RepaymentGuardEvent => ({
  type: 'RepaymentHeld',
  data: { originalPaymentId: 'pay-1', repaymentId, heldAt: iso(from), holdUntil: iso(until) },
});
const released = (
  when: string,
  outcome: 'COMPLETED' | 'FAILED' | 'NOT_CREATED' = 'FAILED',
): RepaymentGuardEvent => ({
  type: 'RepaymentReleased',
  data: { originalPaymentId: 'pay-1', repaymentId: 'pay-2', releasedAt: iso(when), outcome },
});
const release = (repaymentId = 'pay-2'): RepaymentGuardCommand => ({
  type: 'ReleaseRepayment',
  data: { repaymentId, outcome: 'FAILED' },
});
const firstHeld = () => held('pay-2', '2026-12-01T10:10', '2026-12-01T10:25');

describe('R12 one pending repayment per original (double-charge guard)', () => {
  it('holds the original’s guard for the pending window before the repayment is written', () => {
    guard
      .given()
      .when(holdOf('pay-2', '2026-12-01T10:10'), at('2026-12-01T10:10'))
      .then([firstHeld()]);
  });

  it('refuses a second repayment of the same original while the first is pending, card or not: REPAYMENT_PENDING', () => {
    const refusal = guard
      .given(firstHeld())
      .when(holdOf('pay-3', '2026-12-01T10:11'), at('2026-12-01T10:11'))
      .thenRefused({
        code: 'REPAYMENT_NOT_ALLOWED',
        reason: 'REPAYMENT_PENDING',
        retryAfter: '2026-12-01T10:25:00.000+09:00',
        pendingPaymentId: 'pay-2',
      });
    expect(refusal.message).toMatch(/[가-힣]/);
    expect(refusal.message).toContain('15분 후에');
  });

  it('still refuses at 14:59.999 and lapses at exactly the deadline, even with no release', () => {
    guard
      .given(firstHeld())
      .when(holdOf('pay-3', '2026-12-01T10:24:59.999'), at('2026-12-01T10:24:59.999'))
      .thenRefused({ reason: 'REPAYMENT_PENDING' });
    guard
      .given(firstHeld())
      .when(holdOf('pay-3', '2026-12-01T10:25'), at('2026-12-01T10:25'))
      .then([held('pay-3', '2026-12-01T10:25', '2026-12-01T10:40')]);
  });

  it('allows a new repayment as soon as the pending one failed or was never created', () => {
    for (const outcome of ['FAILED', 'NOT_CREATED'] as const) {
      guard
        .given(firstHeld(), released('2026-12-01T10:12', outcome))
        .when(holdOf('pay-3', '2026-12-01T10:13'), at('2026-12-01T10:13'))
        .then([held('pay-3', '2026-12-01T10:13', '2026-12-01T10:28')]);
    }
  });

  it('records a release only for the repayment that holds the guard, before its deadline', () => {
    guard
      .given(firstHeld())
      .when(release(), at('2026-12-01T10:12'))
      .then([released('2026-12-01T10:12')]);
    guard.given(firstHeld()).when(release('pay-9'), at('2026-12-01T10:12')).thenNothingHappens();
    guard.given(firstHeld()).when(release(), at('2026-12-01T10:25')).thenNothingHappens();
    guard
      .given(firstHeld(), released('2026-12-01T10:12'))
      .when(release(), at('2026-12-01T10:13'))
      .thenNothingHappens();
    guard.given().when(release(), at('2026-12-01T10:13')).thenNothingHappens();
  });

  it('answers a retried hold for the same repayment with nothing new', () => {
    guard
      .given(firstHeld())
      .when(holdOf('pay-2', '2026-12-01T10:10:01'), at('2026-12-01T10:10:01'))
      .thenNothingHappens();
  });

  it('lets only one of ten simultaneous repayments hold the guard (expected revision)', () => {
    // A store that, like EventStoreDB, appends only at the revision the writer decided on.
    const stream: RepaymentGuardEvent[] = [];
    const append = (expectedLength: number, events: readonly RepaymentGuardEvent[]) => {
      if (stream.length !== expectedLength) return false;
      stream.push(...events);
      return true;
    };
    const state = () =>
      stream.reduce(repaymentGuardDecider.evolve, repaymentGuardDecider.initialState);
    const ctx = at('2026-12-01T10:10');
    const ids = Array.from({ length: 10 }, (_, i) => `pay-${i + 2}`);
    const decided = ids.map((id) =>
      repaymentGuardDecider.decide(holdOf(id, '2026-12-01T10:10'), state(), ctx),
    );
    const won = decided.filter((decision) => append(0, decision.events));
    expect(won).toHaveLength(1);
    for (const id of ids.slice(1)) {
      const retry = repaymentGuardDecider.decide(holdOf(id, '2026-12-01T10:10'), state(), ctx);
      expect(retry.refusal).toMatchObject({
        reason: 'REPAYMENT_PENDING',
        pendingPaymentId: 'pay-2',
      });
    }
    expect(stream).toHaveLength(1);
  });

  it('keys the guard by the original payment', () => {
    expect(repaymentGuardStreamId('pay-1')).toBe('repayment-pay-1');
    expect(holdOf('pay-2', '2026-12-01T10:10').type).toBe('HoldRepayment');
  });

  it('takes no hold for a first payment, and releases a repayment on every outcome but REQUESTED', () => {
    const plain = requested();
    expect(
      repaymentHoldFor(
        {
          type: 'RequestPayment',
          data: {
            paymentId: plain.data.paymentId,
            payer: plain.data.payer,
            method: 'CARD',
            cardIssuer: 'BC',
            items: [],
          },
        },
        at('2026-12-01T10:00'),
      ),
    ).toBeNull();
    expect(repaymentReleaseFor(foldPayment([plain, completed()]))).toBeNull();

    const repayment = requested({
      items: 1,
      instrument: transfer(),
      repaymentOf: { paymentId: 'pay-0', itemIds: ['item-2'] },
    });
    expect(repaymentReleaseFor(foldPayment([repayment]))).toBeNull();
    expect(repaymentReleaseFor(foldPayment([repayment, completed({ amountKrw: 1_000 })]))).toEqual({
      originalPaymentId: 'pay-0',
      command: { type: 'ReleaseRepayment', data: { repaymentId: 'pay-1', outcome: 'COMPLETED' } },
    });
    expect(repaymentReleaseFor(foldPayment([repayment, declined()]))?.command.data.outcome).toBe(
      'FAILED',
    );
    expect(
      repaymentReleaseFor(foldPayment([repayment, expired('2026-12-01T10:15')]))?.command.data,
    ).toEqual({ repaymentId: 'pay-1', outcome: 'FAILED' });
  });

  it('treats a hold whose deadline has already passed as a bug', () => {
    guard
      .given()
      .when(
        {
          type: 'HoldRepayment',
          data: {
            originalPaymentId: 'pay-1',
            repaymentId: 'pay-2',
            holdUntil: iso('2026-12-01T10:10'),
          },
        },
        at('2026-12-01T10:10'),
      )
      .thenThrows(/after now/);
  });
});
