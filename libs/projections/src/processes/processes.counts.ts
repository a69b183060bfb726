import type { AttentionSubject } from '@lib/ledger';
import { preparedStatement } from '../per-connection';
import type { ReadModelDatabase } from '../projection';

/** The sizes of the reconcilers' and support's lists (metrics). */
export interface ProcessCounts {
  /** R21: cancellations whose outcome is not recorded yet. */
  readonly pendingCancellations: number;
  /** R22: voids started and not ended, and approvals refused whose void has not started. */
  readonly pendingVoids: number;
  /** What needs a person (GET /v1/support/attention), by subject. */
  readonly attention: Readonly<Record<AttentionSubject, number>>;
}

export function countProcesses(db: ReadModelDatabase): ProcessCounts {
  const count = (table: string, where = ''): number =>
    (
      preparedStatement(db)(`SELECT count(*) AS n FROM ${table}${where}`).get() as {
        readonly n: number;
      }
    ).n;
  return {
    pendingCancellations: count('pending_cancellations'),
    pendingVoids: count('pending_voids') + count('approvals_to_void'),
    attention: {
      CANCELLATION: count('attention', " WHERE subject = 'CANCELLATION'"),
      VOID: count('attention', " WHERE subject = 'VOID'"),
    },
  };
}
