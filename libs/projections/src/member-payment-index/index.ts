export { memberPaymentIndexProjection } from './member-payment-index.projection';
export {
  listMemberPaymentIds,
  type MemberPaymentIdsPage,
  type MemberPaymentIdsQuery,
} from './member-payment-index.queries';
