import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PaymentServicesModule } from '@lib/payments';
import { IdempotentInterceptor } from '../idempotency/idempotent.interceptor';
import { CancelPaymentController } from './cancel-payment/cancel-payment.controller';
import { CancelPaymentHandler } from './cancel-payment/cancel-payment.handler';
import { CompletePaymentController } from './complete-payment/complete-payment.controller';
import { CompletePaymentHandler } from './complete-payment/complete-payment.handler';
import { FailPaymentController } from './fail-payment/fail-payment.controller';
import { FailPaymentHandler } from './fail-payment/fail-payment.handler';
import { GetPaymentController } from './get-payment/get-payment.controller';
import { GetPaymentHandler } from './get-payment/get-payment.handler';
import { PaymentConfirmationController } from './payment-confirmation/payment-confirmation.controller';
import { PaymentConfirmationHandler } from './payment-confirmation/payment-confirmation.handler';
import { RefreshPaymentController } from './refresh-payment/refresh-payment.controller';
import { RefreshPaymentHandler } from './refresh-payment/refresh-payment.handler';
import { RepayPaymentController } from './repay-payment/repay-payment.controller';
import { RepayPaymentHandler } from './repay-payment/repay-payment.handler';
import { RequestPaymentController } from './request-payment/request-payment.controller';
import { RequestPaymentHandler } from './request-payment/request-payment.handler';
import { PaymentPresenter } from './shared/payment-presenter.service';
import { ViewJudgmentController } from './view-judgment/view-judgment.controller';
import { ViewJudgmentHandler } from './view-judgment/view-judgment.handler';

/** The payment routes (R1–R13, R3a, R17): HTTP over libs/payments. */
@Module({
  imports: [CqrsModule, PaymentServicesModule],
  controllers: [
    RequestPaymentController,
    GetPaymentController,
    CompletePaymentController,
    FailPaymentController,
    RefreshPaymentController,
    ViewJudgmentController,
    CancelPaymentController,
    RepayPaymentController,
    PaymentConfirmationController,
  ],
  providers: [
    RequestPaymentHandler,
    GetPaymentHandler,
    CompletePaymentHandler,
    FailPaymentHandler,
    RefreshPaymentHandler,
    ViewJudgmentHandler,
    CancelPaymentHandler,
    RepayPaymentHandler,
    PaymentConfirmationHandler,
    PaymentPresenter,
    IdempotentInterceptor,
  ],
})
export class PaymentsModule {}
