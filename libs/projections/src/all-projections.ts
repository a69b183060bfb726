import { memberPaymentIndexProjection } from './member-payment-index';
import { paymentsProjection } from './payments';
import { processesProjection } from './processes';
import type { Projection } from './projection';

/** Every projection of the read-model file, in the order the runner applies them. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  paymentsProjection,
  processesProjection,
  memberPaymentIndexProjection,
];

/** The read-model file inside the data folder (`LEDGER_DATA_DIR`), beside `events.sqlite`. */
export const READ_MODEL_FILE = 'read-models.sqlite';
