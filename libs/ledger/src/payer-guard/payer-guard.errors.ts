import type { IsoInstant } from '../business-time';

/** R6, FAQ IV.2. DESIGN.md §6: 409 with `retryAfter`. */
export interface PendingTransferExists {
  readonly code: 'PENDING_TRANSFER_EXISTS';
  readonly message: string;
  /** When the payer may request a bank transfer again: the pending transfer's deadline. */
  readonly retryAfter: IsoInstant;
  /** The pending payment, so the front end can offer its "결제중" refresh button. */
  readonly pendingPaymentId: string;
}

export type PayerGuardRefusal = PendingTransferExists;

/** FAQ IV.2, with the configured window. */
export function pendingTransferMessage(windowMinutes: number): string {
  return (
    `결제시 과금확인을 위하여 ${windowMinutes}분 간 기다려 주십시오. ` +
    '결제를 시도했다가 매끄럽게 완료가 되지 않았을 때, 계속 결제를 시도하면 이중으로 수수료가 ' +
    `부과되는 불합리한 경우가 발생할 수 있으므로 ${windowMinutes}분 후에 다시 결제를 시도해주시기 바랍니다.`
  );
}

export function pendingTransferExists(
  retryAfter: IsoInstant,
  pendingPaymentId: string,
  windowMinutes: number,
): PendingTransferExists {
  return {
    code: 'PENDING_TRANSFER_EXISTS',
    message: pendingTransferMessage(windowMinutes),
    retryAfter,
    pendingPaymentId,
  };
}
