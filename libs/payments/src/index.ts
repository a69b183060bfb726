/**
 * libs/payments: the payment command side over libs/ledger. Opening payments with the payer's
 * guard (R6), commands on a payment and their follow-ups (R6, R12), cancellation under the
 * settlement fence (R9–R13, R19), repayment under its guard (R12), the transfer-expiry sweep (R5),
 * the guest's credentials and look-up lock-out (R15), and the auditors' as-of folds.
 */
export * from './approval-voids';
export * from './cancellation-reconciler';
export * from './due-work';
export * from './follow-up-trigger';
export * from './guest-credentials';
export * from './guest-lookup-lock';
export * from './new-payments';
export * from './payer-guard';
export * from './payment-cancellations';
export * from './payment-commands';
export * from './payment-completions';
export * from './payment-follow-ups';
export * from './payment-services.module';
export * from './payment-store';
export * from './payments-as-of';
export * from './repayment-guard';
export * from './repayments';
export * from './transfer-expiry-sweep';
