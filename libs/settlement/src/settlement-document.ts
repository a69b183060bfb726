import { ZERO_TALLY, type SettlementClosed, type SettlementLine, type Tally } from '@lib/ledger';

export interface CountAndAmount {
  readonly count: number;
  readonly amount: number;
}

/** R24: a fact carried into this report from a day already closed when it was recorded. */
export interface LateAdjustmentDocument {
  readonly paymentId: string;
  readonly type: 'COMPLETED' | 'CANCELLED';
  readonly amount: number;
  readonly businessDate: string;
}

export interface LateAdjustmentTotalsDocument {
  readonly completed: CountAndAmount;
  readonly cancelled: CountAndAmount;
  readonly netAmount: number;
}

export interface SettlementLineDocument {
  readonly completed: CountAndAmount;
  readonly cancelled: CountAndAmount;
}

/**
 * A closed day's settlement report as DESIGN.md §6 shows it: the answer of
 * `GET /v1/settlements/{date}` and the content of `settlements/<date>.json`, built from the
 * SettlementClosed event alone, so the route and the file can never disagree.
 */
export interface SettlementDocument {
  readonly date: string;
  readonly closed: true;
  readonly closedAt: string;
  readonly completed: CountAndAmount;
  readonly cancelled: CountAndAmount;
  readonly netAmount: number;
  readonly byMethod: {
    readonly CARD: SettlementLineDocument;
    readonly BANK_TRANSFER: SettlementLineDocument;
  };
  readonly byIssuer: Readonly<Record<string, SettlementLineDocument>>;
  readonly byBank: Readonly<Record<string, SettlementLineDocument>>;
  /** R24: what was recorded after its own day closed; `netAmount` includes their net. */
  readonly lateAdjustments: LateAdjustmentDocument[];
  readonly lateAdjustmentTotals: LateAdjustmentTotalsDocument;
  /**
   * The Merkle root this close sealed (DESIGN.md §5; `GET /v1/audit/digests/{date}` has the whole
   * seal). Null for a day closed before seals existed.
   */
  readonly digest: string | null;
}

export function settlementDocument(closed: SettlementClosed['data']): SettlementDocument {
  const { report } = closed;
  return {
    date: closed.date,
    closed: true,
    closedAt: closed.closedAt,
    completed: countAndAmount(report.completed),
    cancelled: countAndAmount(report.cancelled),
    netAmount: report.netAmountKrw,
    byMethod: {
      CARD: lineDocument(report.byMethod.CARD),
      BANK_TRANSFER: lineDocument(report.byMethod.BANK_TRANSFER),
    },
    byIssuer: linesDocument(report.byIssuer),
    byBank: linesDocument(report.byBank),
    lateAdjustments: (report.lateAdjustments ?? []).map(
      ({ paymentId, type, amountKrw, businessDate }) => ({
        paymentId,
        type,
        amount: amountKrw,
        businessDate,
      }),
    ),
    lateAdjustmentTotals: {
      completed: countAndAmount(report.lateAdjustmentTotals?.completed ?? ZERO_TALLY),
      cancelled: countAndAmount(report.lateAdjustmentTotals?.cancelled ?? ZERO_TALLY),
      netAmount: report.lateAdjustmentTotals?.netAmountKrw ?? 0,
    },
    digest: closed.digest?.root ?? null,
  };
}

function countAndAmount(tally: Tally): CountAndAmount {
  return { count: tally.count, amount: tally.amountKrw };
}

function lineDocument(line: SettlementLine): SettlementLineDocument {
  return { completed: countAndAmount(line.completed), cancelled: countAndAmount(line.cancelled) };
}

function linesDocument(
  lines: Readonly<Partial<Record<string, SettlementLine>>>,
): Record<string, SettlementLineDocument> {
  const document: Record<string, SettlementLineDocument> = {};
  for (const [code, line] of Object.entries(lines)) {
    if (line !== undefined) document[code] = lineDocument(line);
  }
  return document;
}
