import { Injectable } from '@nestjs/common';
import { RefusedError, type CommandMeta } from '@lib/commands';
import type { PaymentCommand, PaymentState } from '@lib/ledger';
import { PaymentFollowUps } from './payment-follow-ups';
import { PaymentStore } from './payment-store';

/**
 * The path every command on an existing payment takes: decide and append, then the follow-ups in
 * other streams (they must run after a refusal too: a refused approval still fails the payment),
 * then the refusal, or the payment as it now stands.
 */
@Injectable()
export class PaymentCommands {
  constructor(
    private readonly payments: PaymentStore,
    private readonly followUps: PaymentFollowUps,
  ) {}

  async execute(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
    options: { readonly maxAttempts?: number } = {},
  ): Promise<PaymentState> {
    const outcome = await this.payments.decideAndAppend(paymentId, command, meta, options);
    if (outcome.decision.events.length > 0) await this.followUps.after(outcome.state, meta);
    if (outcome.decision.refusal !== undefined) throw new RefusedError(outcome.decision.refusal);
    return outcome.state;
  }
}
