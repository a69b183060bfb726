import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GuestCredentials } from '../payments/shared/guest-credentials.service';
import { LedgerContext } from '../payments/shared/ledger-context.service';
import { SettlementCalendar } from '../payments/shared/settlement-calendar.service';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLog } from './audit-log/audit-log.service';
import { GuestLookupLock } from './guest-lookup/guest-lookup-lock.service';
import { GuestLookupController } from './guest-lookup/guest-lookup.controller';
import { GuestLookupHandler } from './guest-lookup/guest-lookup.handler';
import { MemberPaymentsController } from './member-payments/member-payments.controller';
import { MemberPaymentsHandler } from './member-payments/member-payments.handler';
import { PaymentListPresenter } from './shared/payment-list.presenter';
import { ReadModelsModule } from './shared/read-models.module';
import { ReadYourWritesInterceptor } from './shared/read-your-writes.interceptor';
import { SupportHistoryController } from './support-history/support-history.controller';
import { SupportHistoryHandler } from './support-history/support-history.handler';

/**
 * The read side (R14–R16 and the audit log): lists from this replica's read models, histories and
 * the log from the event store. The payments module's stateless helpers are provided here again
 * rather than exported from there, so the two sides stay independent.
 */
@Module({
  imports: [CqrsModule, ReadModelsModule],
  controllers: [
    MemberPaymentsController,
    GuestLookupController,
    SupportHistoryController,
    AuditLogController,
  ],
  providers: [
    ReadYourWritesInterceptor,
    PaymentListPresenter,
    MemberPaymentsHandler,
    GuestLookupHandler,
    GuestLookupLock,
    SupportHistoryHandler,
    AuditLog,
    GuestCredentials,
    LedgerContext,
    SettlementCalendar,
  ],
})
export class ReadSideModule {}
