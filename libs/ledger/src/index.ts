/**
 * libs/ledger: the payment domain as pure deciders (DESIGN.md §3–§4, docs/adr/0002).
 * No framework, no I/O, no clock, no randomness: time, ids, actor and policy arrive in the context.
 */
export * from './assert';
export * from './business-time';
export * from './context';
export * from './decision';
export * from './money';
export * from './payer';
export * from './payment-methods';
export * from './policy';
export * from './refusal';
export * from './streams';

export * from './payment/payment.commands';
export * from './payment/payment.events';
export * from './payment/payment.state';
export * from './payment/payment.errors';
export * from './payment/payment.rules';
export * from './payment/payment.validation';
export { decide, decide as decidePayment, paymentDecider } from './payment/payment.decide';
export { legacyApprovalsToVoid } from './payment/payment.decide-void';
export {
  evolve as evolvePayment,
  initialState as initialPaymentState,
} from './payment/payment.state';
export type { GatewayCancellation, PaymentDecision } from './payment/payment.decide';
export * from './payment/payment.repayment';

export * from './payer-guard/payer-guard.commands';
export * from './payer-guard/payer-guard.events';
export * from './payer-guard/payer-guard.state';
export * from './payer-guard/payer-guard.errors';
export * from './payer-guard/payer-guard.decide';
export * from './payer-guard/payer-guard.links';

export * from './repayment-guard/repayment-guard.commands';
export * from './repayment-guard/repayment-guard.events';
export * from './repayment-guard/repayment-guard.state';
export * from './repayment-guard/repayment-guard.errors';
export * from './repayment-guard/repayment-guard.decide';
export * from './repayment-guard/repayment-guard.links';

export * from './settlement/settlement.calendar';
export * from './settlement/settlement.commands';
export * from './settlement/settlement.errors';
export * from './settlement/settlement.events';
export * from './settlement/settlement.report';
export * from './settlement/settlement.state';
export * from './settlement/settlement.tally';
export * from './settlement/settlement.decide';

export * from './guest-lookup/guest-lookup.events';
export * from './guest-lookup/guest-lookup.state';
export * from './guest-lookup/guest-lookup.errors';
export * from './guest-lookup/guest-lookup.decide';

export * from './idempotency/idempotency.errors';

export * from './test-clock/test-clock.events';
export * from './test-clock/test-clock.decide';
