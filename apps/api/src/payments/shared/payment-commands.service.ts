import { Injectable } from '@nestjs/common';
import type { PaymentCommand } from '@lib/ledger';
import type { CommandMeta } from './command-meta';
import { PaymentFollowUps } from './payment-follow-ups.service';
import { PaymentPresenter } from './payment-presenter.service';
import { PaymentStore } from './payment-store.service';
import type { PaymentView } from './payment.representation';
import { refusalProblem } from './refusal.problem';

/**
 * The path every command on an existing payment takes: decide and append, then the follow-ups in
 * other streams (they must run after a refusal too: a refused approval still fails the payment),
 * then the refusal's problem or the payment as it now stands.
 */
@Injectable()
export class PaymentCommands {
  constructor(
    private readonly payments: PaymentStore,
    private readonly followUps: PaymentFollowUps,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
    options: { readonly maxAttempts?: number } = {},
  ): Promise<PaymentView> {
    const outcome = await this.payments.decideAndAppend(paymentId, command, meta, options);
    if (outcome.decision.events.length > 0) await this.followUps.after(outcome.state, meta);
    if (outcome.decision.refusal !== undefined) throw refusalProblem(outcome.decision.refusal);
    return this.presenter.present(outcome.state);
  }
}
