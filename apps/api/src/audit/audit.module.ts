import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PaymentServicesModule } from '@lib/payments';
import { ReadYourWritesInterceptor } from '../read-side/shared/read-your-writes.interceptor';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLog } from './audit-log/audit-log.service';
import { GetDigestController } from './get-digest/get-digest.controller';
import { GetDigestHandler } from './get-digest/get-digest.handler';
import { MemberPaymentsAsOfController } from './member-payments-as-of/member-payments-as-of.controller';
import { MemberPaymentsAsOfHandler } from './member-payments-as-of/member-payments-as-of.handler';
import { PaymentAsOfController } from './payment-as-of/payment-as-of.controller';
import { PaymentAsOfHandler } from './payment-as-of/payment-as-of.handler';

/**
 * The auditors' routes (`/v1/audit/*`, role auditor, DESIGN.md §5–§6): the redacted global log,
 * each close's sealed digest, and payments and members' lists as they stood at an instant. All of
 * it is read from the event store; the read model only names a member's payments.
 */
@Module({
  imports: [CqrsModule, PaymentServicesModule],
  controllers: [
    AuditLogController,
    GetDigestController,
    PaymentAsOfController,
    MemberPaymentsAsOfController,
  ],
  providers: [
    ReadYourWritesInterceptor,
    AuditLog,
    GetDigestHandler,
    PaymentAsOfHandler,
    MemberPaymentsAsOfHandler,
  ],
})
export class AuditModule {}
