import { Injectable } from '@nestjs/common';
import { RefusedError, type CommandMeta, type IdempotentAppend } from '@lib/commands';
import type { PaymentCommand, PaymentState } from '@lib/ledger';
import { ApprovalVoids } from './approval-voids';
import { PaymentFollowUps } from './payment-follow-ups';
import { PaymentStore } from './payment-store';

/**
 * The path every command on an existing payment takes: decide and append, then what the new
 * events call for (they must run after a refusal too: a refused approval still fails the payment
 * and starts its void): the follow-ups in other streams, and the voids at the PG (R22); then the
 * refusal, or the payment as it now stands.
 */
@Injectable()
export class PaymentCommands {
  constructor(
    private readonly payments: PaymentStore,
    private readonly followUps: PaymentFollowUps,
    private readonly voids: ApprovalVoids,
  ) {}

  async execute(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
    options: { readonly maxAttempts?: number; readonly idempotent?: IdempotentAppend } = {},
  ): Promise<PaymentState> {
    // The command a request gives answers its Idempotency-Key, unless the caller says otherwise.
    const outcome = await this.payments.decideAndAppend(paymentId, command, meta, {
      idempotent: 'answers',
      ...options,
    });
    if (outcome.replayed) return outcome.state;
    const { events, refusal } = outcome.decision;
    if (events.length > 0) {
      await this.followUps.after(outcome.state, meta);
      await this.voids.afterAppend(events, meta);
    }
    if (refusal !== undefined) throw new RefusedError(refusal);
    // After a void the state moved on; answer the payment as it stands.
    return events.some((event) => event.type === 'PaymentApprovalVoidStarted')
      ? this.payments.load(paymentId)
      : outcome.state;
  }
}
