import { invariant } from './assert';
import { PAYMENT_METHODS, type PaymentMethod } from './payment-methods';

/**
 * Operator-tunable limits (R2, R3, R5, R6), with their units. Operators change them through
 * configuration, never code; the command side loads them and passes them in the decision context.
 */
export interface LedgerPolicy {
  /** Fee charged per judgment (R2). */
  readonly feePerJudgmentKrw: number;
  /** Most distinct judgments one payment may cover (R2). */
  readonly maxItemsPerPayment: number;
  /** How long a bank transfer may stay REQUESTED before it expires, and the payer guard holds (R5, R6). */
  readonly pendingTransferWindowMinutes: number;
  /**
   * Per method: from this amount on, completion needs the PG's certificate verification (R3).
   * `null` means the method never needs it.
   */
  readonly certificateThresholdKrw: Readonly<Record<PaymentMethod, number | null>>;
}

export const DEFAULT_LEDGER_POLICY: LedgerPolicy = Object.freeze({
  feePerJudgmentKrw: 1_000,
  maxItemsPerPayment: 1_000,
  pendingTransferWindowMinutes: 15,
  certificateThresholdKrw: Object.freeze({ CARD: 300_000, BANK_TRANSFER: null }),
});

/** What is wrong with a policy, for start-up validation of configuration; empty when sound. */
export function ledgerPolicyProblems(policy: LedgerPolicy): string[] {
  const problems: string[] = [];
  const positive = (value: number) => Number.isSafeInteger(value) && value > 0;
  if (!positive(policy.feePerJudgmentKrw))
    problems.push('feePerJudgmentKrw must be a positive integer');
  if (!positive(policy.maxItemsPerPayment))
    problems.push('maxItemsPerPayment must be a positive integer');
  if (!positive(policy.pendingTransferWindowMinutes)) {
    problems.push('pendingTransferWindowMinutes must be a positive integer');
  }
  if (!Number.isSafeInteger(policy.feePerJudgmentKrw * policy.maxItemsPerPayment)) {
    problems.push('feePerJudgmentKrw × maxItemsPerPayment must be a safe integer');
  }
  for (const method of PAYMENT_METHODS) {
    const threshold = policy.certificateThresholdKrw[method];
    if (threshold !== null && !(Number.isSafeInteger(threshold) && threshold >= 0)) {
      problems.push(`certificateThresholdKrw.${method} must be null or a non-negative integer`);
    }
  }
  return problems;
}

export function assertLedgerPolicy(policy: LedgerPolicy): void {
  const problems = ledgerPolicyProblems(policy);
  invariant(problems.length === 0, `Invalid ledger policy: ${problems.join('; ')}`);
}
