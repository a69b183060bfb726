import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LedgerContext, paymentIdForRequest } from '@lib/commands';
import type { Payer } from '@lib/ledger';
import { validationFailed } from '../../http/validation/validation-failed';
import { GuestCredentials, NewPayments } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import type { PayerDto } from '../shared/payer.dto';
import { RequestPaymentCommand } from './request-payment.command';

@CommandHandler(RequestPaymentCommand)
export class RequestPaymentHandler implements ICommandHandler<RequestPaymentCommand, PaymentView> {
  constructor(
    private readonly newPayments: NewPayments,
    private readonly guests: GuestCredentials,
    private readonly presenter: PaymentPresenter,
    private readonly ledger: LedgerContext,
  ) {}

  async execute({ body, meta }: RequestPaymentCommand): Promise<PaymentView> {
    const state = await this.newPayments.open(
      {
        type: 'RequestPayment',
        data: {
          // From the Idempotency-Key: a retry names the payment its first attempt wrote.
          paymentId:
            meta.idempotency === undefined
              ? this.ledger.newId()
              : paymentIdForRequest(meta.idempotency),
          payer: await this.payerOf(body.payer),
          method: body.method,
          cardIssuer: body.cardIssuer ?? null,
          bankCode: body.bankCode ?? null,
          items: body.items.map(({ court, caseNumber }) => ({ court, caseNumber })),
        },
      },
      meta,
    );
    return this.presenter.present(state, meta);
  }

  /** A guest's phone and password become an opaque key and a slow hash here, at the edge (R15). */
  private async payerOf(payer: PayerDto): Promise<Payer> {
    if (payer.type === 'MEMBER') return { type: 'MEMBER', memberId: payer.memberId };
    const phoneKey = this.guests.phoneKey(payer.phone);
    if (phoneKey === null) {
      throw validationFailed([{ field: 'payer.phone', message: '전화번호가 올바르지 않습니다.' }]);
    }
    return {
      type: 'GUEST',
      verificationId: payer.verificationId,
      phoneKey,
      passwordHash: await this.guests.hashPassword(payer.password, phoneKey),
    };
  }
}
