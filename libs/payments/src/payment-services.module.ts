import { Module } from '@nestjs/common';
import { ReadModelsModule } from '@lib/projections';
import { SettlementServicesModule } from '@lib/settlement';
import { ApprovalVoids } from './approval-voids';
import { CancellationReconciler } from './cancellation-reconciler';
import { DueWork } from './due-work';
import { GuestCredentials } from './guest-credentials';
import { GuestLookupLock } from './guest-lookup-lock';
import { NewPayments } from './new-payments';
import { PayerGuard } from './payer-guard';
import { PaymentCancellations } from './payment-cancellations';
import { PaymentCommands } from './payment-commands';
import { PaymentCompletions } from './payment-completions';
import { PaymentFollowUps } from './payment-follow-ups';
import { PaymentStore } from './payment-store';
import { PaymentsAsOf } from './payments-as-of';
import { Repayments } from './repayments';
import { RepaymentGuard } from './repayment-guard';
import { TransferExpirySweep } from './transfer-expiry-sweep';

const SERVICES = [
  ApprovalVoids,
  CancellationReconciler,
  DueWork,
  GuestCredentials,
  GuestLookupLock,
  NewPayments,
  PayerGuard,
  PaymentCancellations,
  PaymentCommands,
  PaymentCompletions,
  PaymentFollowUps,
  PaymentStore,
  PaymentsAsOf,
  Repayments,
  RepaymentGuard,
  TransferExpirySweep,
];

/**
 * The payment command side for Nest: every service is a plain class (the simulator builds them
 * with `new`); this module only wires them, once per process, for the API and the worker alike.
 */
@Module({
  imports: [SettlementServicesModule, ReadModelsModule],
  providers: SERVICES,
  exports: [...SERVICES, SettlementServicesModule, ReadModelsModule],
})
export class PaymentServicesModule {}
