import type { LedgerRefusal } from '@lib/ledger';

/**
 * A business rule said no (STYLE.md "Errors"): thrown by the command side after the decision's
 * events (if any) are appended, and turned into its problem document by the API in one place. Not
 * a bug: it is never logged as one.
 */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';

  constructor(readonly refusal: LedgerRefusal) {
    super(`Refused: ${refusal.code}`);
  }
}
