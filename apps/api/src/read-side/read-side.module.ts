import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PaymentServicesModule } from '@lib/payments';
import { GuestLookupController } from './guest-lookup/guest-lookup.controller';
import { GuestLookupHandler } from './guest-lookup/guest-lookup.handler';
import { MemberPaymentsController } from './member-payments/member-payments.controller';
import { MemberPaymentsHandler } from './member-payments/member-payments.handler';
import { PaymentListPresenter } from './shared/payment-list.presenter';
import { ReadYourWritesInterceptor } from './shared/read-your-writes.interceptor';
import { SupportAttentionController } from './support-attention/support-attention.controller';
import { SupportAttentionHandler } from './support-attention/support-attention.handler';
import { SupportHistoryController } from './support-history/support-history.controller';
import { SupportHistoryHandler } from './support-history/support-history.handler';

/**
 * The read routes (R14–R16 and support's attention list): lists from this process's read models,
 * histories from the event store. The auditors' routes are the AuditModule's.
 */
@Module({
  imports: [CqrsModule, PaymentServicesModule],
  controllers: [
    MemberPaymentsController,
    GuestLookupController,
    SupportHistoryController,
    SupportAttentionController,
  ],
  providers: [
    ReadYourWritesInterceptor,
    PaymentListPresenter,
    MemberPaymentsHandler,
    GuestLookupHandler,
    SupportHistoryHandler,
    SupportAttentionHandler,
  ],
})
export class ReadSideModule {}
