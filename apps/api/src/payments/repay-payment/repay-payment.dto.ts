import { PaymentMethodDto } from '../shared/payment-method.dto';

/**
 * Body of `POST /v1/payments/{paymentId}/repayment` (R12): only how to pay; the payer and the
 * items (exactly the viewed ones) come from the original payment.
 */
export class RepayPaymentDto extends PaymentMethodDto {}
