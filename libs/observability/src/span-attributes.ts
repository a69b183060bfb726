/**
 * The ledger's own span attributes (beside OpenTelemetry's semantic conventions). Values are opaque
 * ids, codes, counts and route patterns only: never a body, a phone number, a password, a phone
 * key or an API key (R25), so a trace can be shipped to any collector.
 */
export const ATTR_CORRELATION_ID = 'ledger.correlation_id';
export const ATTR_PAYMENT_ID = 'ledger.payment_id';
export const ATTR_STREAM_KIND = 'ledger.stream_kind';
export const ATTR_STREAM_ID = 'ledger.stream_id';
export const ATTR_EVENT_COUNT = 'ledger.event_count';
export const ATTR_EVENT_TYPE = 'ledger.event_type';
export const ATTR_EXPECTED_REVISION = 'ledger.expected_revision';
export const ATTR_COMMAND_ATTEMPTS = 'ledger.command.attempts';
export const ATTR_REPLAYED = 'ledger.replayed';
export const ATTR_REFUSAL_CODE = 'ledger.refusal_code';
export const ATTR_PG_OPERATION = 'pg.operation';
export const ATTR_PG_OUTCOME = 'pg.outcome';
export const ATTR_PG_CODE = 'pg.code';
/** How many cancellations and voids a reconciler run settled with the PG. */
export const ATTR_RECONCILED_CANCELLATIONS = 'ledger.reconciled.cancellations';
export const ATTR_RECONCILED_VOIDS = 'ledger.reconciled.voids';
/** Resource attribute: the process's LEDGER_ROLE (all, api or worker). */
export const ATTR_LEDGER_ROLE = 'ledger.role';
