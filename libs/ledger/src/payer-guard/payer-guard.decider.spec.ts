import { payerKeyOf } from '../payer';
import { decide as decidePayment } from '../payment/payment.decide';
import type { PaymentRequested } from '../payment/payment.events';
import { foldPayment } from '../payment/payment.state';
import { payerStreamId } from '../streams';
import { ctxAt, spec } from '../test/decider-spec';
import {
  completed,
  declined,
  expired,
  GUEST,
  iso,
  requested,
  requestTransfer,
  transfer,
} from '../test/payment.fixtures';
import type { PayerGuardCommand } from './payer-guard.commands';
import { payerGuardDecider } from './payer-guard.decide';
import type { PayerGuardEvent } from './payer-guard.events';
import { pendingTransferHoldFor, pendingTransferReleaseFor } from './payer-guard.links';

const guard = spec(payerGuardDecider);
const at = (wallClock: string) => ctxAt(wallClock);

const firstTransfer = () => requested({ instrument: transfer(), at: '2026-12-01T10:00' });
const secondTransfer = (when: string) =>
  requested({ instrument: transfer('088'), at: when, paymentId: 'pay-2' });

function holdOf(event: PaymentRequested): PayerGuardCommand {
  const hold = pendingTransferHoldFor(event);
  if (hold === null) throw new Error('expected a hold');
  return hold;
}

const held = (paymentId: string, from: string, until: string): PayerGuardEvent => ({
  type: 'PendingTransferHeld',
  data: { payerKey: 'member-m-1001', paymentId, heldAt: iso(from), holdUntil: iso(until) },
});
const released = (
  when: string,
  outcome: 'COMPLETED' | 'FAILED' = 'COMPLETED',
): PayerGuardEvent => ({
  type: 'PendingTransferReleased',
  data: { payerKey: 'member-m-1001', paymentId: 'pay-1', releasedAt: iso(when), outcome },
});
const firstHeld = () => held('pay-1', '2026-12-01T10:00', '2026-12-01T10:15');

describe('R6 one pending bank transfer per payer (double-charge guard)', () => {
  it('holds the guard for a new transfer until the transfer’s own deadline', () => {
    guard.given().when(holdOf(firstTransfer()), at('2026-12-01T10:00')).then([firstHeld()]);
  });

  it('refuses a second transfer within the window, with retryAfter = first requestedAt + 15 min', () => {
    const refusal = guard
      .given(firstHeld())
      .when(holdOf(secondTransfer('2026-12-01T10:07')), at('2026-12-01T10:07'))
      .thenRefused({
        code: 'PENDING_TRANSFER_EXISTS',
        retryAfter: '2026-12-01T10:15:00.000+09:00',
        pendingPaymentId: 'pay-1',
      });
    expect(refusal.message).toContain('15분 후에 다시 결제를 시도해주시기 바랍니다');
    expect(refusal.message).toContain('이중으로 수수료가 부과되는');
  });

  it('still refuses at 14:59.999', () => {
    guard
      .given(firstHeld())
      .when(holdOf(secondTransfer('2026-12-01T10:14:59.999')), at('2026-12-01T10:14:59.999'))
      .thenRefused({ code: 'PENDING_TRANSFER_EXISTS' });
  });

  it('allows the next transfer at exactly the deadline, even if no release was ever recorded', () => {
    guard
      .given(firstHeld())
      .when(holdOf(secondTransfer('2026-12-01T10:15')), at('2026-12-01T10:15'))
      .then([held('pay-2', '2026-12-01T10:15', '2026-12-01T10:30')]);
  });

  it('allows the next transfer as soon as the first completes', () => {
    guard
      .given(firstHeld(), released('2026-12-01T10:03'))
      .when(holdOf(secondTransfer('2026-12-01T10:04')), at('2026-12-01T10:04'))
      .then([held('pay-2', '2026-12-01T10:04', '2026-12-01T10:19')]);
  });

  it('allows the next transfer as soon as the first fails', () => {
    guard
      .given(firstHeld(), released('2026-12-01T10:03', 'FAILED'))
      .when(holdOf(secondTransfer('2026-12-01T10:04')), at('2026-12-01T10:04'))
      .then([held('pay-2', '2026-12-01T10:04', '2026-12-01T10:19')]);
  });

  it('never blocks card payments: they take no hold', () => {
    expect(pendingTransferHoldFor(requested())).toBeNull();
    expect(pendingTransferReleaseFor(foldPayment([requested(), completed()]))).toBeNull();
  });

  it('releases on every outcome of a transfer, and not while it is REQUESTED', () => {
    const first = firstTransfer();
    expect(pendingTransferReleaseFor(foldPayment([first]))).toBeNull();
    expect(pendingTransferReleaseFor(foldPayment([first, completed()]))).toEqual({
      payerKey: 'member-m-1001',
      command: {
        type: 'ReleasePendingTransfer',
        data: { paymentId: 'pay-1', outcome: 'COMPLETED' },
      },
    });
    expect(pendingTransferReleaseFor(foldPayment([first, declined()]))?.command.data.outcome).toBe(
      'FAILED',
    );
    expect(
      pendingTransferReleaseFor(foldPayment([first, expired('2026-12-01T10:15')]))?.command.data,
    ).toEqual({ paymentId: 'pay-1', outcome: 'FAILED' });
  });

  it('records a release only for the transfer that holds the guard, before its deadline', () => {
    const release = (paymentId: string): PayerGuardCommand => ({
      type: 'ReleasePendingTransfer',
      data: { paymentId, outcome: 'COMPLETED' },
    });
    guard
      .given(firstHeld())
      .when(release('pay-1'), at('2026-12-01T10:03'))
      .then([released('2026-12-01T10:03')]);
    guard.given(firstHeld()).when(release('pay-9'), at('2026-12-01T10:03')).thenNothingHappens();
    guard.given(firstHeld()).when(release('pay-1'), at('2026-12-01T10:15')).thenNothingHappens();
    guard
      .given(firstHeld(), released('2026-12-01T10:03'))
      .when(release('pay-1'), at('2026-12-01T10:04'))
      .thenNothingHappens();
  });

  it('answers a retried hold for the same payment with nothing new', () => {
    guard
      .given(firstHeld())
      .when(holdOf(firstTransfer()), at('2026-12-01T10:00:01'))
      .thenNothingHappens();
  });

  it('lets only one of two simultaneous requests hold the guard (expected revision)', () => {
    // A store that, like EventStoreDB, appends only at the revision the writer decided on.
    const stream: PayerGuardEvent[] = [];
    const append = (expectedLength: number, events: readonly PayerGuardEvent[]) => {
      if (stream.length !== expectedLength) return false;
      stream.push(...events);
      return true;
    };
    const state = () => stream.reduce(payerGuardDecider.evolve, payerGuardDecider.initialState);
    const ctx = at('2026-12-01T10:00');
    const a = payerGuardDecider.decide(holdOf(firstTransfer()), state(), ctx);
    const b = payerGuardDecider.decide(holdOf(secondTransfer('2026-12-01T10:00')), state(), ctx);
    expect(append(0, a.events)).toBe(true);
    expect(append(0, b.events)).toBe(false); // conflict: reload and decide again
    const retry = payerGuardDecider.decide(
      holdOf(secondTransfer('2026-12-01T10:00')),
      state(),
      ctx,
    );
    expect(retry.refusal).toMatchObject({
      code: 'PENDING_TRANSFER_EXISTS',
      pendingPaymentId: 'pay-1',
    });
    expect(stream).toHaveLength(1);
  });

  it('keys the guard by payer: members by member id, guests by verification id', () => {
    expect(payerStreamId(payerKeyOf({ type: 'MEMBER', memberId: 'm-1001' }))).toBe(
      'payer-member-m-1001',
    );
    expect(payerStreamId(payerKeyOf(GUEST))).toBe('payer-guest-ver-7f3a');
  });

  it('holds exactly until the deadline the payment decided', () => {
    const { events } = decidePayment(requestTransfer(), foldPayment([]), at('2026-12-01T10:00'));
    const hold = pendingTransferHoldFor(events[0] as PaymentRequested);
    expect(hold?.data.holdUntil).toBe((events[0] as PaymentRequested).data.expiresAt);
  });

  it('treats a hold whose deadline has already passed as a bug', () => {
    guard
      .given()
      .when(holdOf(firstTransfer()), at('2026-12-01T10:15'))
      .thenThrows(/after now/);
  });
});
