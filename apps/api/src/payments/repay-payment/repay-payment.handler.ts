import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@lib/event-store';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import {
  completedOn,
  planRepayment,
  repaymentHoldFor,
  type RepaymentPlan,
  type RepaymentRequest,
} from '@lib/ledger';
import { ProblemException } from '../../http/problem/problem.exception';
import type { CommandMeta } from '../shared/command-meta';
import { LedgerContext } from '../shared/ledger-context.service';
import { NewPayments } from '../shared/new-payments.service';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import { PaymentStore } from '../shared/payment-store.service';
import type { PaymentView } from '../shared/payment.representation';
import { refusalProblem } from '../shared/refusal.problem';
import { SettlementCalendar } from '../shared/settlement-calendar.service';
import { RepayPaymentCommand } from './repay-payment.command';
import { RepaymentGuard } from './repayment-guard';

/**
 * R12: a new payment, by the same payer, for exactly the viewed items of the original. One
 * repayment per original at a time: the original's repayment guard is held (expected revision)
 * BEFORE the repayment is written, and the plan is made again under the hold, so a repayment that
 * completed meanwhile (its views moved, nothing left to repay) is seen.
 */
@CommandHandler(RepayPaymentCommand)
export class RepayPaymentHandler implements ICommandHandler<RepayPaymentCommand, PaymentView> {
  private readonly guard: RepaymentGuard;

  constructor(
    private readonly store: PaymentStore,
    private readonly newPayments: NewPayments,
    private readonly calendar: SettlementCalendar,
    private readonly ledger: LedgerContext,
    private readonly presenter: PaymentPresenter,
    @Inject(EVENT_STORE) events: EventStore,
  ) {
    this.guard = new RepaymentGuard(events, ledger);
  }

  async execute({ paymentId, body, meta }: RepayPaymentCommand): Promise<PaymentView> {
    const request: RepaymentRequest = {
      paymentId: randomUUID(),
      method: body.method,
      cardIssuer: body.cardIssuer ?? null,
      bankCode: body.bankCode ?? null,
    };
    // Refuse what needs no hold (nothing viewed, another day...) without writing to the guard.
    const planned = await this.plan(paymentId, request);
    if (planned.refusal !== undefined) throw refusalProblem(planned.refusal);

    const hold = repaymentHoldFor(planned.command, this.ledger.decisionContext(meta));
    if (hold === null) throw new Error('A repayment plan must repay an original');
    await this.guard.hold(hold, this.ledger.decisionContext(meta), meta);

    const plan = await this.plan(paymentId, request);
    if (plan.refusal !== undefined) {
      await this.releaseUncreated(paymentId, request.paymentId, meta);
      throw refusalProblem(plan.refusal);
    }
    try {
      return this.presenter.present(await this.newPayments.open(plan.command, meta));
    } catch (error) {
      // A refusal (R6 payer guard, validation) comes before the payment is written: nothing will
      // ever release this hold, so release it now. Any other error may come after the write, and
      // then the hold stays until the repayment's outcome or the end of the window.
      if (error instanceof ProblemException) {
        await this.releaseUncreated(paymentId, request.paymentId, meta);
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
