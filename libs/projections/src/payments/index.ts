export { paymentsProjection } from './payments.projection';
export {
  getPayment,
  listGuestPasswordHashes,
  listPayerPayments,
  prunePayments,
  MAX_PAGE_SIZE,
  type ListPaymentsQuery,
  type PayerSelector,
  type PaymentPage,
} from './payment-queries';
export { listDueTransfers } from './due-transfers';
export type { PaymentRecord } from './payment-record';
export { paymentStateOf } from './payment-state-of';
export { paymentListStart, PAYMENT_LIST_WINDOW_MONTHS } from './list-window';
export { InvalidCursorError } from './list-cursor';
