import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PaymentServicesModule } from '@lib/payments';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLog } from './audit-log/audit-log.service';
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
 * The read routes (R14–R16 and the audit log): lists from this process's read models, histories
 * and the log from the event store.
 */
@Module({
  imports: [CqrsModule, PaymentServicesModule],
  controllers: [
    MemberPaymentsController,
    GuestLookupController,
    SupportHistoryController,
    SupportAttentionController,
    AuditLogController,
  ],
  providers: [
    ReadYourWritesInterceptor,
    PaymentListPresenter,
    MemberPaymentsHandler,
    GuestLookupHandler,
    SupportHistoryHandler,
    SupportAttentionHandler,
    AuditLog,
  ],
})
export class ReadSideModule {}
