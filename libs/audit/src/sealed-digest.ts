import type { Seal } from './seal';
import type { SealClaim, SealSource } from './verifier';

/** The name of the format, so a copied file says what it is and which rules check it. */
export const DIGEST_FORMAT = 'judgment-fee-ledger/digest/v1';

/**
 * A close's seal as auditors take it away (DESIGN.md §5, docs/audit.md §6): the answer of
 * `GET /v1/audit/digests/{date}`, the content of `settlements/<date>.digest` and an export's seal
 * lines. It covers the events at positions after `previousCut` up to and including `cut`.
 */
export interface SealedDigestDocument extends Seal {
  readonly format: typeof DIGEST_FORMAT;
  readonly date: string;
  readonly closedAt: string;
  /** Exclusive: the previous seal's cut ("0" for the first close with seals). */
  readonly previousCut: string;
  /** Inclusive: this close's cut. */
  readonly cut: string;
}

/** A seal document that does not have the digest format's shape. */
export class SealedDigestFormatError extends Error {
  override readonly name = 'SealedDigestFormatError';
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX_256 = /^[0-9a-f]{64}$/;

/** Checks a parsed seal document field by field and makes it a claim the verifier checks. */
export function sealClaimOf(document: unknown, source: SealSource): SealClaim {
  const fail = (why: string): never => {
    throw new SealedDigestFormatError(`Not a ${DIGEST_FORMAT} document: ${why}`);
  };
  if (document === null || typeof document !== 'object') return fail('not a JSON object');
  const doc = document as Record<string, unknown>;
  if (doc.format !== DIGEST_FORMAT) fail(`format is ${JSON.stringify(doc.format)}`);
  const decimal = (name: string): string => {
    const value = doc[name];
    return typeof value === 'string' && DECIMAL.test(value)
      ? value
      : fail(`${name} is not decimal`);
  };
  const positionOrNull = (name: string): string | null =>
    doc[name] === null ? null : decimal(name);
  const hex = (name: string): string => {
    const value = doc[name];
    return typeof value === 'string' && HEX_256.test(value) ? value : fail(`${name} is not hex`);
  };
  const hexOrNull = (name: string): string | null => (doc[name] === null ? null : hex(name));
  if (typeof doc.date !== 'string') fail('date is missing');
  if (typeof doc.count !== 'number' || !Number.isSafeInteger(doc.count) || doc.count < 0) {
    fail('count is not a whole number');
  }
  return {
    date: doc.date as string,
    source,
    previousCut: BigInt(decimal('previousCut')),
    cut: BigInt(decimal('cut')),
    root: hex('root'),
    setRoot: hex('setRoot'),
    count: doc.count as number,
    firstPosition: positionOrNull('firstPosition'),
    lastPosition: positionOrNull('lastPosition'),
    lastHash: hexOrNull('lastHash'),
  };
}
