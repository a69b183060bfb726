import { DIGEST_FORMAT, type SealedDigestDocument } from '@lib/audit';
import type { SettlementClosed } from '@lib/ledger';

export { DIGEST_FORMAT, type SealedDigestDocument };

/** The seal of a close, or null for a day closed before seals existed. */
export function sealedDigestDocument(
  closed: SettlementClosed['data'],
): SealedDigestDocument | null {
  const { digest, previousCut } = closed;
  if (digest === undefined || previousCut === undefined) return null;
  return {
    format: DIGEST_FORMAT,
    date: closed.date,
    closedAt: closed.closedAt,
    previousCut: digest.after ?? previousCut,
    cut: closed.countedUpToPosition,
    root: digest.root,
    setRoot: digest.setRoot,
    count: digest.count,
    firstPosition: digest.firstPosition,
    lastPosition: digest.lastPosition,
    lastHash: digest.lastHash ?? null,
  };
}
