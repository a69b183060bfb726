import { formatKrw } from '../money';
import type { PaymentStatus } from './payment.state';

/**
 * Refusals of the payment decider: typed values, never thrown (STYLE.md "Errors"). `code` (and
 * `reason`) are the stable contract of DESIGN.md §6; `message` is the Korean text for the payer,
 * worded as the FAQ words it. No refusal carries a personal identifier beyond opaque ids.
 */
export type PaymentRefusal =
  | ValidationFailed
  | PaymentNotFound
  | CancelNotAllowed
  | CertificateRequired
  | AmountMismatch
  | NotRequested
  | ViewNotAllowed
  | ItemNotFound
  | ViewTransferNotAllowed
  | PgCancelFailed
  | CancelInProgress
  | OriginalNotCancellable;

export type PaymentRefusalCode = PaymentRefusal['code'];

export type ValidationReason =
  | 'INVALID_PAYER'
  | 'INVALID_METHOD'
  | 'UNKNOWN_CARD_ISSUER'
  | 'UNKNOWN_BANK_CODE'
  | 'NO_ITEMS'
  | 'TOO_MANY_ITEMS'
  | 'DUPLICATE_ITEM'
  | 'INVALID_COURT'
  | 'INVALID_CASE_NUMBER'
  | 'INVALID_REPAYMENT'
  | 'INVALID_GATEWAY_RESULT';

export interface Violation {
  /** Path in the command's data, e.g. `items[3].caseNumber`. */
  readonly field: string;
  readonly reason: ValidationReason;
  readonly message: string;
}

/** R1, R2 (and malformed PG results). `field`/`reason`/`message` are those of the first violation. */
export interface ValidationFailed extends Violation {
  readonly code: 'VALIDATION_FAILED';
  readonly violations: readonly Violation[];
}

export interface PaymentNotFound {
  readonly code: 'PAYMENT_NOT_FOUND';
  readonly message: string;
}

/** Why a payment cannot be cancelled now; the order of precedence is that of `cancelBlockedReason`. */
export type CancelBlockedReason =
  | 'NOT_COMPLETED'
  | 'ALREADY_CANCELLED'
  | 'CANCEL_IN_PROGRESS'
  | 'SETTLED'
  | 'NOT_SAME_DAY'
  | 'ALREADY_VIEWED';

/** R9–R11, R19. There is no PARTIAL reason: no command cancels part of a payment (R9). */
export interface CancelNotAllowed {
  readonly code: 'CANCEL_NOT_ALLOWED';
  readonly reason: CancelBlockedReason;
  readonly message: string;
}

export interface CertificateRequired {
  readonly code: 'CERTIFICATE_REQUIRED';
  readonly message: string;
  readonly thresholdKrw: number;
}

export interface AmountMismatch {
  readonly code: 'AMOUNT_MISMATCH';
  readonly message: string;
  readonly amountKrw: number;
  readonly approvedAmountKrw: number;
}

/** A PG result for a payment that is no longer REQUESTED (e.g. approval after expiry). */
export interface NotRequested {
  readonly code: 'NOT_REQUESTED';
  readonly message: string;
  readonly status: PaymentStatus;
}

export interface ViewNotAllowed {
  readonly code: 'VIEW_NOT_ALLOWED';
  readonly message: string;
  readonly status: PaymentStatus;
}

export interface ItemNotFound {
  readonly code: 'ITEM_NOT_FOUND';
  readonly message: string;
  readonly itemId: string;
}

/** R20: a view (or another change) while the PG is being asked to cancel the payment. */
export interface CancelInProgress {
  readonly code: 'CANCEL_IN_PROGRESS';
  readonly message: string;
  readonly cancellationId: string;
}

/** R23: the repayment's original could no longer be cancelled when the repayment completed. */
export interface OriginalNotCancellable {
  readonly code: 'ORIGINAL_NOT_CANCELLABLE';
  readonly message: string;
  readonly originalPaymentId: string;
}

/** R12: why a repayment cannot be requested, or its views cannot move. */
export type ViewTransferBlockedReason =
  | 'NOT_COMPLETED'
  | 'ALREADY_CANCELLED'
  | 'CANCEL_IN_PROGRESS'
  | 'SETTLED'
  | 'NOT_SAME_DAY'
  | 'NOTHING_VIEWED'
  | 'ITEM_NOT_VIEWED'
  | 'VIEWED_ITEMS_MISSING';

export interface ViewTransferNotAllowed {
  readonly code: 'REPAYMENT_NOT_ALLOWED';
  readonly reason: ViewTransferBlockedReason;
  readonly message: string;
}

/** R13: DESIGN.md §6 answers 502 with the PG's code and message. */
export interface PgCancelFailed {
  readonly code: 'PG_CANCEL_FAILED';
  readonly message: string;
  readonly pgCode: string;
  readonly pgMessage: string;
}

export const CANCEL_BLOCKED_MESSAGES: Readonly<Record<CancelBlockedReason, string>> = {
  NOT_COMPLETED: '결제완료된 건만 결제취소가 가능합니다.',
  ALREADY_CANCELLED: '이미 결제취소된 건입니다.',
  CANCEL_IN_PROGRESS: '결제취소를 처리하고 있습니다. 잠시 후 결과를 확인해 주십시오.',
  SETTLED: '정산이 완료된 결제는 취소할 수 없습니다. 당일 결제한 내역만 결제취소가 가능합니다.',
  // FAQ II.7
  NOT_SAME_DAY:
    '매일 입금내역에 대해서 정산이 완료되기 때문에 당일 결제한 내역만 결제취소가 가능합니다.',
  // FAQ II.8, verbatim as DESIGN.md R11 quotes it
  ALREADY_VIEWED: '이미 열람된 건은 취소할 수 없습니다',
};

export const VIEW_TRANSFER_BLOCKED_MESSAGES: Readonly<Record<ViewTransferBlockedReason, string>> = {
  NOT_COMPLETED: '결제완료된 건만 다시 결제할 수 있습니다.',
  ALREADY_CANCELLED: '이미 결제취소된 건입니다.',
  CANCEL_IN_PROGRESS: '결제취소를 처리하고 있어 다시 결제할 수 없습니다.',
  SETTLED: '정산이 완료되어 다시 결제하셔도 원 결제를 취소할 수 없습니다.',
  NOT_SAME_DAY:
    '당일 결제한 내역만 결제취소가 가능하므로 다시 결제하셔도 원 결제를 취소할 수 없습니다.',
  NOTHING_VIEWED: '열람한 건이 없어 다시 결제할 필요 없이 결제취소가 가능합니다.',
  ITEM_NOT_VIEWED: '열람한 건만 다시 결제할 수 있습니다.',
  VIEWED_ITEMS_MISSING: '열람한 건 전부를 다시 결제하셔야 원 결제를 취소할 수 있습니다.',
};

export const VALIDATION_MESSAGES: Readonly<Record<ValidationReason, string>> = {
  INVALID_PAYER: '결제자 정보가 올바르지 않습니다.',
  // FAQ II.1
  INVALID_METHOD: '결제방법은 신용카드, 금융기관 계좌이체 중 선택하여 주십시오.',
  UNKNOWN_CARD_ISSUER: '결제할 수 없는 카드사입니다.',
  UNKNOWN_BANK_CODE: '계좌이체를 할 수 없는 금융기관입니다.',
  NO_ITEMS: '결제할 사건을 1건 이상 선택하여 주십시오.',
  TOO_MANY_ITEMS: '한 번에 결제할 수 있는 사건 수를 넘었습니다.',
  DUPLICATE_ITEM: '같은 사건이 두 번 선택되었습니다.',
  INVALID_COURT: '법원명은 한글, 영문, 숫자, 공백으로 2~40자여야 합니다.',
  INVALID_CASE_NUMBER: '사건번호 형식이 올바르지 않습니다. (예: 2024가합12345)',
  INVALID_REPAYMENT: '다시 결제할 원 결제 정보가 올바르지 않습니다.',
  INVALID_GATEWAY_RESULT: '결제대행사 응답이 올바르지 않습니다.',
};

/** FAQ IV.3: the message the payer sees when a transfer expired. */
export const TRANSFER_EXPIRED_MESSAGE = '계좌이체결제가 실패하였습니다.';

export function violation(field: string, reason: ValidationReason, message?: string): Violation {
  return { field, reason, message: message ?? VALIDATION_MESSAGES[reason] };
}

export function validationFailed(
  violations: readonly [Violation, ...Violation[]],
): ValidationFailed {
  const [first] = violations;
  return { code: 'VALIDATION_FAILED', ...first, violations };
}

/** The refusal for these violations, or null when there are none. */
export function validationFailedFor(violations: readonly Violation[]): ValidationFailed | null {
  const [first, ...rest] = violations;
  return first === undefined ? null : validationFailed([first, ...rest]);
}

export function paymentNotFound(): PaymentNotFound {
  return { code: 'PAYMENT_NOT_FOUND', message: '해당 거래번호의 결제내역이 없습니다.' };
}

export function cancelNotAllowed(reason: CancelBlockedReason): CancelNotAllowed {
  return { code: 'CANCEL_NOT_ALLOWED', reason, message: CANCEL_BLOCKED_MESSAGES[reason] };
}

/** FAQ III.6: "결제금액이 30만원 이상인 경우 공인인증서가 필요합니다." with the configured threshold. */
export function certificateRequiredMessage(thresholdKrw: number): string {
  return `결제금액이 ${formatKrw(thresholdKrw, { manwon: true })} 이상인 경우 공인인증서가 필요합니다.`;
}

export function certificateRequired(thresholdKrw: number): CertificateRequired {
  return {
    code: 'CERTIFICATE_REQUIRED',
    message: certificateRequiredMessage(thresholdKrw),
    thresholdKrw,
  };
}

export function amountMismatchMessage(amountKrw: number, approvedAmountKrw: number): string {
  return `승인금액(${formatKrw(approvedAmountKrw)})이 결제금액(${formatKrw(amountKrw)})과 달라 결제가 실패하였습니다.`;
}

export function amountMismatch(amountKrw: number, approvedAmountKrw: number): AmountMismatch {
  return {
    code: 'AMOUNT_MISMATCH',
    message: amountMismatchMessage(amountKrw, approvedAmountKrw),
    amountKrw,
    approvedAmountKrw,
  };
}

export function notRequested(status: PaymentStatus): NotRequested {
  return {
    code: 'NOT_REQUESTED',
    message: `결제준비 상태인 결제만 승인 또는 실패 처리할 수 있습니다. (현재 상태: ${STATUS_LABELS[status]})`,
    status,
  };
}

export function viewNotAllowed(status: PaymentStatus): ViewNotAllowed {
  return { code: 'VIEW_NOT_ALLOWED', message: '결제완료된 건만 열람할 수 있습니다.', status };
}

export function itemNotFound(itemId: string): ItemNotFound {
  return { code: 'ITEM_NOT_FOUND', message: '결제내역에 해당 사건이 없습니다.', itemId };
}

export function viewTransferNotAllowed(reason: ViewTransferBlockedReason): ViewTransferNotAllowed {
  return {
    code: 'REPAYMENT_NOT_ALLOWED',
    reason,
    message: VIEW_TRANSFER_BLOCKED_MESSAGES[reason],
  };
}

/** FAQ II.6. */
export function pgCancelFailed(pgCode: string, pgMessage: string): PgCancelFailed {
  return {
    code: 'PG_CANCEL_FAILED',
    message:
      '결제취소가 실패하였습니다. 잠시 후 다시 결제취소를 시도해 주시기 바랍니다. 계속해서 실패될 경우 사용자지원센터 [031-393-4613(평일09:00~18:00)]로 오류현상내용과 거래번호를 알려 주시기 바랍니다.',
    pgCode,
    pgMessage,
  };
}

export function cancelInProgress(cancellationId: string): CancelInProgress {
  return {
    code: 'CANCEL_IN_PROGRESS',
    message: '결제취소를 처리하고 있어 열람할 수 없습니다. 잠시 후 결과를 확인해 주십시오.',
    cancellationId,
  };
}

/** FAQ II.4: the repayment could no longer make the original cancellable; it is given back. */
export const ORIGINAL_NOT_CANCELLABLE_MESSAGE =
  '원 결제를 더 이상 취소할 수 없어 다시 결제한 건을 승인하지 않고 취소합니다.';

export function originalNotCancellable(originalPaymentId: string): OriginalNotCancellable {
  return {
    code: 'ORIGINAL_NOT_CANCELLABLE',
    message: ORIGINAL_NOT_CANCELLABLE_MESSAGE,
    originalPaymentId,
  };
}

/** The payer-facing names of the statuses (FAQ II.3, IV.3). */
export const STATUS_LABELS: Readonly<Record<PaymentStatus, string>> = {
  REQUESTED: '결제준비',
  COMPLETED: '결제완료',
  CANCELLING: '결제취소중',
  FAILED: '결제실패',
  CANCELLED: '결제취소',
};

export function statusLabel(status: PaymentStatus): string {
  return STATUS_LABELS[status];
}
