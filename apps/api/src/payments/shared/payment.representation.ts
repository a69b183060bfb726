import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CANCEL_BLOCKED_MESSAGES,
  CARD_ISSUERS,
  STATUS_LABELS,
  assertNever,
  statusLabel,
  type CancelBlockedReason,
  type FailureReason,
  type PaymentState,
  type PaymentStatus,
} from '@lib/ledger';
import { ApiNullableModel, INSTANT, INSTANT_OR_NULL, KRW } from '../../openapi/properties.openapi';

export class PaymentItemView {
  @ApiProperty({ example: '3f1c…' }) readonly itemId!: string;
  @ApiProperty({ example: '서울중앙지방법원' }) readonly court!: string;
  @ApiProperty({ example: '2024가합12345' }) readonly caseNumber!: string;
  @ApiProperty({ ...KRW, example: 1000, description: 'KRW' }) readonly fee!: number;
  @ApiProperty() readonly viewed!: boolean;
  @ApiProperty(INSTANT_OR_NULL) readonly viewedAt!: string | null;
}

export class PaymentFailureView {
  @ApiProperty({
    enum: [
      'DECLINED',
      'EXPIRED',
      'CERTIFICATE_REQUIRED',
      'AMOUNT_MISMATCH',
      'ORIGINAL_NOT_CANCELLABLE',
    ],
  })
  readonly reason!: FailureReason;
  @ApiProperty({ description: "The PG's code for a decline, else the ledger's" })
  readonly code!: string;
  @ApiProperty() readonly message!: string;
}

/** A payment as every payment route answers it (DESIGN.md §6). */
export class PaymentView {
  @ApiProperty({ description: '거래번호' }) readonly paymentId!: string;
  @ApiProperty({
    enum: Object.keys(STATUS_LABELS),
    description:
      'CANCELLING (결제취소중): the PG was asked to cancel and has not answered yet (R20)',
  })
  readonly status!: PaymentStatus;
  @ApiProperty({ example: '결제완료' }) readonly statusLabel!: string;
  @ApiProperty({ enum: ['CARD', 'BANK_TRANSFER'] }) readonly method!: 'CARD' | 'BANK_TRANSFER';
  @ApiPropertyOptional({ enum: Object.keys(CARD_ISSUERS) }) readonly cardIssuer?: string;
  @ApiPropertyOptional({ enum: ['ISP', 'MPI'] }) readonly authScheme?: string;
  @ApiPropertyOptional({ example: '088' }) readonly bankCode?: string;
  @ApiProperty({ ...KRW, example: 5000 }) readonly amount!: number;
  @ApiProperty({ enum: ['KRW'] }) readonly currency!: 'KRW';
  @ApiProperty({ type: [PaymentItemView] }) readonly items!: PaymentItemView[];
  @ApiProperty(INSTANT) readonly requestedAt!: string;
  @ApiProperty(INSTANT_OR_NULL) readonly completedAt!: string | null;
  @ApiProperty(INSTANT_OR_NULL) readonly cancelledAt!: string | null;
  @ApiProperty({
    ...INSTANT_OR_NULL,
    description: 'Bank transfers: when an unfinished transfer expires',
  })
  readonly expiresAt!: string | null;
  @ApiNullableModel(PaymentFailureView, { description: 'Why a FAILED payment failed; else null' })
  readonly failure!: PaymentFailureView | null;
  @ApiProperty() readonly cancellable!: boolean;
  @ApiProperty({
    nullable: true,
    // A nullable enum lists null, or OpenAPI 3.0 still refuses it.
    enum: [...Object.keys(CANCEL_BLOCKED_MESSAGES), null],
    description: 'Why `cancellable` is false; null when it is true',
  })
  readonly cancelBlockedReason!: CancelBlockedReason | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'R12: the payment whose views this one repays; null for a first payment',
  })
  readonly repaymentOf!: string | null;
}

/** Builds the representation; `blocked` is `cancelBlockedReason` at the moment of answering. */
export function paymentView(state: PaymentState, blocked: CancelBlockedReason | null): PaymentView {
  if (state.status === 'NONE')
    throw new Error('No representation for a payment that does not exist');
  const { instrument } = state;
  return {
    paymentId: state.paymentId,
    status: state.status,
    statusLabel: statusLabel(state.status),
    method: instrument.method,
    ...(instrument.method === 'CARD'
      ? { cardIssuer: instrument.cardIssuer, authScheme: instrument.authScheme }
      : { bankCode: instrument.bankCode }),
    amount: state.amountKrw,
    currency: 'KRW',
    items: state.items.map((item) => ({
      itemId: item.itemId,
      court: item.court,
      caseNumber: item.caseNumber,
      fee: item.feeKrw,
      viewed: item.viewedAt !== null,
      viewedAt: item.viewedAt,
    })),
    requestedAt: state.requestedAt,
    completedAt: completedAtOf(state),
    cancelledAt: state.status === 'CANCELLED' ? state.cancelledAt : null,
    expiresAt: state.status === 'REQUESTED' ? state.expiresAt : null,
    failure:
      state.status === 'FAILED'
        ? { reason: state.failure.reason, code: state.failure.code, message: state.failure.message }
        : null,
    cancellable: blocked === null,
    cancelBlockedReason: blocked,
    repaymentOf: state.repaymentOf?.paymentId ?? null,
  };
}

function completedAtOf(state: Exclude<PaymentState, { status: 'NONE' }>): string | null {
  switch (state.status) {
    case 'COMPLETED':
    case 'CANCELLING':
    case 'CANCELLED':
      return state.completion.completedAt;
    case 'REQUESTED':
    case 'FAILED':
      return null;
    default:
      return assertNever(state, 'payment state');
  }
}
