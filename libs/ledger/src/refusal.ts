import type { IdempotencyKeyReused } from './idempotency/idempotency.errors';
import type { PayerGuardRefusal } from './payer-guard/payer-guard.errors';
import type { PaymentRefusal } from './payment/payment.errors';
import type { RepaymentGuardRefusal } from './repayment-guard/repayment-guard.errors';
import type { SettlementRefusal } from './settlement/settlement.errors';
import type { ClockMovesForwardOnly } from './test-clock/test-clock.decide';

/**
 * Every refusal a command of the ledger can answer with. The command side throws it (in a
 * `RefusedError`) once the decision's events are appended; the API maps each `code` to its problem
 * document in one place.
 */
export type LedgerRefusal =
  | PaymentRefusal
  | PayerGuardRefusal
  | RepaymentGuardRefusal
  | SettlementRefusal
  | ClockMovesForwardOnly
  | IdempotencyKeyReused;
