import { Injectable } from '@nestjs/common';
import { LedgerContext, RefusedError, paymentIdForRequest, type CommandMeta } from '@lib/commands';
import {
  completedOn,
  invariant,
  planRepayment,
  repaymentHoldFor,
  type PaymentState,
  type RepaymentPlan,
  type RepaymentRequest,
} from '@lib/ledger';
import { SettlementCalendar } from '@lib/settlement';
import { NewPayments } from './new-payments';
import { PaymentStore } from './payment-store';
import { RepaymentGuard } from './repayment-guard';

/** How the payer pays again (R12): the payer and the items come from the original payment. */
export type RepaymentMethod = Omit<RepaymentRequest, 'paymentId'>;

/**
 * R12: a new payment, by the same payer, for exactly the viewed items of the original. One
 * repayment per original at a time: the original's repayment guard is held (expected revision)
 * BEFORE the repayment is written, and the plan is made again under the hold, so a repayment that
 * completed meanwhile (its views moved, nothing left to repay) is seen.
 */
@Injectable()
export class Repayments {
  constructor(
    private readonly store: PaymentStore,
    private readonly newPayments: NewPayments,
    private readonly calendar: SettlementCalendar,
    private readonly ledger: LedgerContext,
    private readonly guard: RepaymentGuard,
  ) {}

  async repay(
    originalPaymentId: string,
    method: RepaymentMethod,
    meta: CommandMeta,
  ): Promise<PaymentState> {
    const paymentId =
      meta.idempotency === undefined ? this.ledger.newId() : paymentIdForRequest(meta.idempotency);
    const answered = await this.store.replay(paymentId, meta);
    if (answered !== null) return answered;
    const request: RepaymentRequest = { paymentId, ...method };
    // Refuse what needs no hold (nothing viewed, another day...) without writing to the guard.
    const planned = await this.plan(originalPaymentId, request);
    if (planned.refusal !== undefined) throw new RefusedError(planned.refusal);

    const hold = repaymentHoldFor(planned.command, this.ledger.decisionContext(meta));
    invariant(hold !== null, 'A repayment plan must repay an original');
    await this.guard.hold(hold, meta);

    const plan = await this.plan(originalPaymentId, request);
    if (plan.refusal !== undefined) {
      await this.releaseUncreated(originalPaymentId, request.paymentId, meta);
      throw new RefusedError(plan.refusal);
    }
    try {
      return await this.newPayments.open(plan.command, meta);
    } catch (error) {
      // A refusal (R6 payer guard, validation) comes before the payment is written: nothing will
      // ever release this hold, so release it now. Any other error may come after the write, and
      // then the hold stays until the repayment's outcome or the end of the window.
      if (error instanceof RefusedError) {
        await this.releaseUncreated(originalPaymentId, request.paymentId, meta);
      }
      throw error;
    }
  }

  private async plan(paymentId: string, request: RepaymentRequest): Promise<RepaymentPlan> {
    const original = await this.store.load(paymentId);
    const day = completedOn(original);
    const closed = day === null ? false : await this.calendar.isClosed(day);
    return planRepayment(original, request, this.ledger.now(), closed);
  }

  private async releaseUncreated(
    originalPaymentId: string,
    repaymentId: string,
    meta: CommandMeta,
  ): Promise<void> {
    await this.guard.release(
      originalPaymentId,
      { type: 'ReleaseRepayment', data: { repaymentId, outcome: 'NOT_CREATED' } },
      meta,
    );
  }
}
