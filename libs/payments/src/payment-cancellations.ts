import { Inject, Injectable } from '@nestjs/common';
import { LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { SCHEDULER, type Scheduler } from '@lib/common';
import { PAYMENT_GATEWAY, cancelWithin, type PaymentGateway } from '@lib/gateway';
import {
  cancelBlockedReason,
  cancelNotAllowed,
  completedOn,
  invariant,
  paymentNotFound,
  pgCancelFailed,
  type GatewayCancellation,
  type PaymentState,
  type ReservationOutcome,
} from '@lib/ledger';
import { LIMITS } from '@lib/limits';
import { CancellationFence, SettlementCalendar } from '@lib/settlement';
import { PaymentCommands } from './payment-commands';
import { PaymentStore } from './payment-store';

/** Where a cancellation stands when the request answers. */
export interface CancellationResult {
  readonly state: PaymentState;
  /** False while the PG's answer is unknown (R13, R21): the payment is CANCELLING, answer 202. */
  readonly settled: boolean;
}

/**
 * Cancellation as a process (R9–R13, R19–R21), intent before effect:
 * 1. the rules are checked on the payment (nothing written when they refuse; they are checked
 *    again, with the expected revision, when the intent is appended);
 * 2. the cancellation reserves its place on the settlement stream of the payment's day (R19,
 *    docs/adr/0005): a close that started first refuses it before anything else happens;
 * 3. PaymentCancellationStarted is appended with the expected revision (결제취소중): from here no
 *    view, repayment or second cancellation can slip in, and a crash leaves an intent that the
 *    reconciler finishes (R21);
 * 4. the PG is called with the cancellation id as its idempotency key;
 * 5. its answer is recorded (PaymentCancelled, or PaymentCancellationFailed and PG_CANCEL_FAILED);
 *    no answer in time records nothing: the payment stays CANCELLING and the caller gets 202;
 * 6. the reservation is released after the outcome is in the log.
 * A cancel that arrives while another is under way joins it and never calls the PG: when this
 * process is running that cancellation it gets the very same outcome (200, the PG's refusal, or
 * 202); when the payment is CANCELLING otherwise (another process calls, or the call ended
 * without an answer) it answers at once that the outcome is not known yet (202).
 */
@Injectable()
export class PaymentCancellations {
  /** The cancellations this process is running, by payment: what a second request joins. */
  private readonly running = new Map<string, Promise<CancellationResult>>();

  constructor(
    private readonly store: PaymentStore,
    private readonly payments: PaymentCommands,
    private readonly calendar: SettlementCalendar,
    private readonly fence: CancellationFence,
    private readonly ledger: LedgerContext,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
  ) {}

  cancel(paymentId: string, meta: CommandMeta): Promise<CancellationResult> {
    const running = this.running.get(paymentId);
    if (running !== undefined) return running; // R20: joins it, for the same outcome
    const attempt = this.cancelNow(paymentId, meta);
    this.running.set(paymentId, attempt);
    const forget = () => {
      if (this.running.get(paymentId) === attempt) this.running.delete(paymentId);
    };
    attempt.then(forget, forget);
    return attempt;
  }

  private async cancelNow(paymentId: string, meta: CommandMeta): Promise<CancellationResult> {
    // A retry of a cancel that succeeded answers the success again (docs/adr/0011).
    const answered = await this.store.replay(paymentId, meta);
    if (answered !== null) return { state: answered, settled: true };
    const current = await this.store.load(paymentId);
    if (current.status === 'CANCELLING') {
      return this.join(paymentId, current.cancellation.cancellationId);
    }
    const day = completedOn(current);
    const closed = day === null ? false : await this.calendar.isClosed(day);
    if (current.status === 'NONE') throw new RefusedError(paymentNotFound());
    const blocked = cancelBlockedReason(current, this.ledger.now(), closed);
    if (blocked !== null) throw new RefusedError(cancelNotAllowed(blocked));
    invariant(day !== null, 'A cancellable payment has completed on a day');

    const reservation = await this.fence.reserve(day, paymentId, meta);
    let released: ReservationOutcome = 'NOT_CANCELLED';
    try {
      // The reservation stands, so the day's close has not started: the day is not closed.
      // The intent does not answer the request: until the PG's answer is in, a retry decides again.
      const started = await this.store.decideAndAppend(
        paymentId,
        { type: 'CancelPayment', data: { settlementClosed: false } },
        meta,
        { idempotent: 'pending' },
      );
      if (started.replayed) return { state: started.state, settled: true };
      const { decision } = started;
      if (decision.refusal !== undefined) throw new RefusedError(decision.refusal);
      if (decision.inFlight !== undefined) {
        return await this.join(paymentId, decision.inFlight.cancellationId);
      }
      invariant(
        decision.gatewayCancellation !== undefined,
        'A started cancellation names its call',
      );
      const result = await this.callPg(paymentId, decision.gatewayCancellation, meta);
      released = result.settled
        ? result.state.status === 'CANCELLED'
          ? 'CANCELLED'
          : 'NOT_CANCELLED'
        : 'UNKNOWN';
      return result;
    } catch (error) {
      if (error instanceof RefusedError && error.refusal.code === 'PG_CANCEL_FAILED') {
        released = 'NOT_CANCELLED';
      }
      throw error;
    } finally {
      // After the outcome is in the log, never before: a close that sees the release sees it too.
      // An unknown outcome releases too (R24): the close then counts the payment as completed,
      // and a refund the reconciler records later is a late adjustment.
      await this.fence.release(reservation, released, meta);
    }
  }

  /** Steps 4–5: the PG call and its recorded answer. */
  private async callPg(
    paymentId: string,
    cancellation: GatewayCancellation,
    meta: CommandMeta,
  ): Promise<CancellationResult> {
    const { cancellationId } = cancellation;
    const outcome = await cancelWithin(
      this.gateway,
      { paymentId, ...cancellation },
      this.scheduler,
    );
    switch (outcome.outcome) {
      case 'CANCELLED': {
        const state = await this.payments.execute(
          paymentId,
          {
            type: 'RecordCancellationSuccess',
            data: { cancellationId, pgCancelTransactionId: outcome.pgCancelId },
          },
          meta,
          { maxAttempts: LIMITS.commands.recordPgOutcomeAttempts },
        );
        return { state, settled: true };
      }
      case 'REFUSED': {
        // Recorded, then thrown as PG_CANCEL_FAILED: the payment is COMPLETED again (R13).
        const state = await this.payments.execute(
          paymentId,
          {
            type: 'RecordCancellationFailure',
            data: { cancellationId, pgCode: outcome.pgCode, pgMessage: outcome.pgMessage },
          },
          meta,
          // A PG failure (502) is not kept: a retry with the same key asks the PG again.
          { maxAttempts: LIMITS.commands.recordPgOutcomeAttempts, idempotent: 'pending' },
        );
        return { state, settled: true };
      }
      case 'UNKNOWN':
        return { state: await this.store.load(paymentId), settled: false };
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown PG outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * R20: the payment is CANCELLING under a cancellation this process is not running: no second
   * PG call; its outcome if it has one by now, else 202 and the caller looks again later.
   */
  private async join(paymentId: string, cancellationId: string): Promise<CancellationResult> {
    const state = await this.store.load(paymentId);
    const stillInFlight =
      state.status === 'CANCELLING' && state.cancellation.cancellationId === cancellationId;
    return stillInFlight ? { state, settled: false } : this.outcomeOf(state, cancellationId);
  }

  private outcomeOf(state: PaymentState, cancellationId: string): CancellationResult {
    if (state.status === 'COMPLETED') {
      const failure = state.cancellationFailures.find(
        (recorded) => recorded.cancellationId === cancellationId,
      );
      invariant(failure !== undefined, `Cancellation ${cancellationId} ended without an outcome`);
      throw new RefusedError(pgCancelFailed(failure.pgCode, failure.pgMessage));
    }
    if (state.status === 'CANCELLED') return { state, settled: true };
    // Another cancellation started since: this one ended; its caller asks again.
    throw new RefusedError(cancelNotAllowed('CANCEL_IN_PROGRESS'));
  }
}
