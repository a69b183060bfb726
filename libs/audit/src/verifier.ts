import type { AuditRecord } from './audit-record';
import { hashedEventOf } from './audit-record';
import { eventHash, isEventHash, storedHashOf, type PrevHash } from './event-hash';
import { SealBuilder, type Seal } from './seal';

/** What can be wrong with the log (docs/audit.md §8). */
export type ProblemKind = 'changed' | 'missing' | 'reordered' | 'extra';

export interface VerifyProblem {
  readonly kind: ProblemKind;
  /** The first position the problem shows at (decimal); null when it cannot be pinned. */
  readonly position: string | null;
  readonly stream?: string;
  /** The settlement day whose seal found it, for a problem found by a seal. */
  readonly date?: string;
  readonly detail: string;
}

/** Where a seal came from: the log's own SettlementClosed, a copied `.digest` file, an export. */
export type SealSource = 'log' | 'copy' | 'export';

/** A seal the log must match: the events at positions (previousCut, cut] (docs/audit.md §6). */
export interface SealClaim extends Seal {
  readonly date: string;
  readonly source: SealSource;
  readonly previousCut: bigint;
  readonly cut: bigint;
}

export interface SealCheck {
  readonly date: string;
  readonly source: SealSource;
  readonly previousCut: string;
  readonly cut: string;
  readonly count: number;
  /** null: the seal holds; else what it found. */
  readonly problem: ProblemKind | null;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  /** Events written before hash chains: their hash is computed by the genesis rule. */
  readonly unhashedEvents: number;
  readonly seals: readonly SealCheck[];
  /**
   * The chain's problems in position order (each names its event), then the seals' (each names
   * the start of a slice that does not hold): the first is the first bad position the log shows.
   * At most MAX_PROBLEMS.
   */
  readonly problems: readonly VerifyProblem[];
  /** Events after the last seal's cut: chained, but covered by no seal yet. */
  readonly unsealed: { readonly count: number; readonly afterPosition: string | null };
}

export interface VerifyOptions {
  /** Seals known before the walk: copied `.digest` files, or an export's seal lines. */
  readonly seals?: readonly SealClaim[];
  /**
   * A slice of the log (an export): positions must lie in (after, until], and a stream may begin
   * mid-chain (its first event's prevHash is taken as the anchor; it cannot be checked).
   */
  readonly slice?: { readonly after: bigint; readonly until: bigint };
}

/** Problems kept in a report; the count of events checked goes on regardless. */
export const MAX_PROBLEMS = 100;

interface StreamTip {
  readonly revision: bigint;
  readonly hash: string;
  readonly hashed: boolean;
}

interface Leaf {
  readonly position: bigint;
  readonly hash: string;
}

/**
 * `ledger verify`, one record at a time in log order (docs/audit.md §8): recomputes every event's
 * hash, follows every stream's chain, and checks every seal (the log's own, and those given) by
 * recomputing its Merkle roots. It holds only the streams' tips and the events since the lowest
 * cut still to be checked, so a long log is never held in memory.
 */
export class LogVerifier {
  private readonly tips = new Map<string, StreamTip>();
  private readonly problems: VerifyProblem[] = [];
  private readonly checks: SealCheck[] = [];
  private readonly pending: SealClaim[];
  private readonly given: readonly SealClaim[];
  private leaves: Leaf[] = [];
  /** Seals that did not hold and whose last event has not been seen yet. */
  private deferred: SealClaim[] = [];
  private lastPosition: bigint | null = null;
  private lastLogCut = 0n;
  private events = 0;
  private unhashed = 0;

  constructor(private readonly options: VerifyOptions = {}) {
    this.given = [...(options.seals ?? [])];
    this.pending = [...this.given].sort((a, b) => (a.cut < b.cut ? -1 : a.cut > b.cut ? 1 : 0));
  }

  add(record: AuditRecord): void {
    const position = BigInt(record.position);
    this.closeSealsBefore(position);
    this.events += 1;
    const hash = this.checkRecord(record, position);
    const leaf = { position, hash };
    this.leaves.push(leaf);
    this.resolveDeferred(leaf);
    if (this.lastPosition === null || position > this.lastPosition) this.lastPosition = position;
    const claim = logSealOf(record);
    if (claim !== null) this.checkLogSeal(claim);
  }

  finish(): VerifyReport {
    this.closeSealsBefore(null);
    for (const claim of this.deferred) this.judgeMoved(claim, null);
    this.deferred = [];
    const problems = [...this.problems].sort(byPrecision).slice(0, MAX_PROBLEMS);
    const lastCut = [...this.checks].reduce((max, check) => {
      const cut = BigInt(check.cut);
      return cut > max ? cut : max;
    }, 0n);
    const tail = this.leaves.filter((leaf) => leaf.position > lastCut);
    return {
      ok: problems.length === 0,
      events: this.events,
      streams: this.tips.size,
      unhashedEvents: this.unhashed,
      seals: this.checks,
      problems,
      unsealed: {
        count: tail.length,
        afterPosition: tail.length === 0 ? null : lastCut.toString(),
      },
    };
  }

  /** The event's chain checks; answers the hash its seal leaf carries. */
  private checkRecord(record: AuditRecord, position: bigint): string {
    const at = { position: record.position, stream: record.stream };
    const slice = this.options.slice;
    // Equal is allowed: the events of one append may share a commit position on EventStoreDB.
    if (this.lastPosition !== null && position < this.lastPosition) {
      this.report({
        ...at,
        kind: 'reordered',
        detail: `position ${position} comes after position ${this.lastPosition}`,
      });
    }
    if (slice !== undefined && (position <= slice.after || position > slice.until)) {
      this.report({
        ...at,
        kind: 'extra',
        detail: `position ${position} lies outside the export (${slice.after}, ${slice.until}]`,
      });
    }
    const event = hashedEventOf(record);
    const tip = this.tips.get(record.stream);
    const revision = event.revision;
    const stored = storedHashOf(record.metadata);
    const storedPrev = record.metadata.prevHash;
    this.checkRevision(at, tip, revision);
    let hash: string;
    if (stored === undefined) {
      this.unhashed += 1;
      if (tip?.hashed === true) {
        this.report({
          ...at,
          kind: 'changed',
          detail: `revision ${revision} carries no hash, after hashed events of its stream`,
        });
      }
      hash = eventHash(event, tip?.hash ?? null);
    } else {
      const prev: PrevHash = typeof storedPrev === 'string' ? storedPrev : null;
      const expected = this.expectedPrevHash(tip, revision, prev);
      if (prev !== expected) {
        this.report({
          ...at,
          kind: 'changed',
          detail: `revision ${revision}'s prevHash does not match the hash of the event before it`,
        });
      } else if (eventHash(event, prev) !== stored) {
        this.report({
          ...at,
          kind: 'changed',
          detail: `revision ${revision} does not match its hash (its content was changed)`,
        });
      }
      // A hash that is not even hex stands for the event by its recomputed hash in the seals.
      hash = isEventHash(stored) ? stored : eventHash(event, prev);
    }
    const highest = tip !== undefined && tip.revision > revision ? tip.revision : revision;
    this.tips.set(record.stream, { revision: highest, hash, hashed: stored !== undefined });
    return hash;
  }

  private checkRevision(
    at: { position: string; stream: string },
    tip: StreamTip | undefined,
    revision: bigint,
  ): void {
    if (tip === undefined) {
      if (revision !== 0n && this.options.slice === undefined) {
        this.report({
          ...at,
          kind: 'missing',
          detail: `the stream begins at revision ${revision}: revisions 0–${revision - 1n} are missing`,
        });
      }
      return;
    }
    const next = tip.revision + 1n;
    if (revision === next) return;
    if (revision > next) {
      const gap = revision - 1n === next ? `${next}` : `${next}–${revision - 1n}`;
      this.report({ ...at, kind: 'missing', detail: `revision ${gap} of the stream is missing` });
    } else if (revision === tip.revision) {
      this.report({ ...at, kind: 'extra', detail: `revision ${revision} appears twice` });
    } else {
      this.report({
        ...at,
        kind: 'reordered',
        detail: `revision ${revision} comes after revision ${tip.revision}`,
      });
    }
  }

  /** The prevHash an event must carry: its stream's last hash, null at revision 0, else its own. */
  private expectedPrevHash(tip: StreamTip | undefined, revision: bigint, prev: PrevHash): PrevHash {
    if (tip !== undefined) return tip.hash;
    if (revision === 0n) return null;
    return prev; // a slice begins mid-chain: the anchor cannot be checked
  }

  /** Checks, at last, every given seal whose cut lies before `position` (null: the end). */
  private closeSealsBefore(position: bigint | null): void {
    let checked = false;
    while (this.pending.length > 0 && (position === null || this.pending[0]!.cut < position)) {
      this.checkSeal(this.pending.shift()!);
      checked = true;
    }
    if (checked) this.prune();
  }

  /** A seal found in the log; compared with a given seal of the same day, too. */
  private checkLogSeal(claim: SealClaim): void {
    const slice = this.options.slice;
    // An export's first SettlementClosed may seal a slice that ends before the export begins.
    if (slice !== undefined && claim.previousCut < slice.after) return;
    for (const copy of this.given.filter((given) => given.date === claim.date)) {
      if (!sameSeal(copy, claim)) {
        this.report({
          kind: 'changed',
          position: claim.lastPosition ?? claim.cut.toString(),
          date: claim.date,
          detail: `the log's seal of ${claim.date} differs from the ${copy.source === 'copy' ? 'copied' : 'exported'} one`,
        });
      }
    }
    if (claim.cut > this.lastLogCut) this.lastLogCut = claim.cut;
    this.checkSeal(claim);
    this.prune();
  }

  /**
   * Recomputes the slice a seal covers. When it does not hold, the seal's last event tells how:
   * found elsewhere in the log, the slice as it now stands ends there (events were inserted or
   * removed before it); found nowhere yet, the check waits for it until the end of the walk.
   */
  private checkSeal(claim: SealClaim): void {
    const found = this.sliceSeal(claim.previousCut, claim.cut);
    const sameEvents = found.count === claim.count && found.setRoot === claim.setRoot;
    if (holds(claim, found) || sameEvents || claim.lastHash === null) {
      this.judged(claim, compareSeal(claim, found));
      return;
    }
    const end = this.leaves.find(
      (leaf) => leaf.position > claim.previousCut && leaf.hash === claim.lastHash,
    );
    if (end === undefined) this.deferred.push(claim);
    else this.judgeMoved(claim, end.position);
  }

  /** A seal whose last event now lies at `end`, or nowhere in the log (null). */
  private judgeMoved(claim: SealClaim, end: bigint | null): void {
    if (end === null) {
      const found = this.sliceSeal(claim.previousCut, claim.cut);
      const problem = compareSeal(claim, found);
      const lastGone =
        problem?.kind === 'changed'
          ? {
              ...problem,
              detail: `${problem.detail}; the last event it sealed is no longer in the log`,
            }
          : problem;
      this.judged(claim, lastGone);
      return;
    }
    const found = this.sliceSeal(claim.previousCut, end);
    this.judged(claim, compareSeal(claim, found, end));
  }

  private judged(claim: SealClaim, problem: VerifyProblem | null): void {
    this.checks.push({
      date: claim.date,
      source: claim.source,
      previousCut: claim.previousCut.toString(),
      cut: claim.cut.toString(),
      count: claim.count,
      problem: problem?.kind ?? null,
    });
    if (problem !== null) this.report(problem);
  }

  /** The seal of the leaves at positions (after, until]. */
  private sliceSeal(after: bigint, until: bigint): Seal {
    const builder = new SealBuilder();
    for (const leaf of this.leaves) {
      if (leaf.position > after && leaf.position <= until) builder.add(leaf.position, leaf.hash);
    }
    return builder.seal();
  }

  /** A leaf just added may be the last event of a seal waiting for it. */
  private resolveDeferred(leaf: Leaf): void {
    if (this.deferred.length === 0) return;
    const waiting = this.deferred.filter((claim) => claim.lastHash === leaf.hash);
    if (waiting.length === 0) return;
    this.deferred = this.deferred.filter((claim) => claim.lastHash !== leaf.hash);
    for (const claim of waiting) this.judgeMoved(claim, leaf.position);
  }

  /**
   * Drops the leaves no seal still to be checked can cover: seals come in cut order, and the log's
   * next seal begins at the last one's cut. Runs after each seal check, so about once a day of log.
   */
  private prune(): void {
    const floor = [...this.pending, ...this.deferred].reduce(
      (low, claim) => (claim.previousCut < low ? claim.previousCut : low),
      this.lastLogCut,
    );
    const keepFrom = this.leaves.findIndex((leaf) => leaf.position > floor);
    if (keepFrom !== 0) this.leaves = keepFrom === -1 ? [] : this.leaves.slice(keepFrom);
  }

  private report(problem: VerifyProblem): void {
    this.problems.push(problem);
  }
}

/** The seal a SettlementClosed carries, or null (another event, or a close before seals). */
function logSealOf(record: AuditRecord): SealClaim | null {
  if (record.type !== 'SettlementClosed') return null;
  const data = record.data as Record<string, unknown> | null;
  const digest = data?.digest as Record<string, unknown> | undefined;
  if (digest === undefined || typeof data?.previousCut !== 'string') return null;
  const after = typeof digest.after === 'string' ? digest.after : data.previousCut;
  return {
    date: String(data.date),
    source: 'log',
    previousCut: BigInt(after),
    cut: BigInt(String(data.countedUpToPosition)),
    root: String(digest.root),
    setRoot: String(digest.setRoot),
    count: Number(digest.count),
    firstPosition: (digest.firstPosition as string | null) ?? null,
    lastPosition: (digest.lastPosition as string | null) ?? null,
    lastHash: typeof digest.lastHash === 'string' ? digest.lastHash : null,
  };
}

function sameSeal(a: SealClaim, b: SealClaim): boolean {
  return (
    a.lastHash === b.lastHash &&
    a.previousCut === b.previousCut &&
    a.cut === b.cut &&
    a.root === b.root &&
    a.setRoot === b.setRoot &&
    a.count === b.count
  );
}

function holds(claim: SealClaim, found: Seal): boolean {
  return (
    found.root === claim.root &&
    found.count === claim.count &&
    found.firstPosition === claim.firstPosition &&
    found.lastPosition === claim.lastPosition
  );
}

/**
 * What a seal finds when the slice it covers is recomputed (docs/audit.md §8). `end` is where
 * the seal's last event now lies, when it moved: the slice is compared up to there.
 */
function compareSeal(claim: SealClaim, found: Seal, end?: bigint): VerifyProblem | null {
  if (holds(claim, found)) return null;
  const range = `positions ${claim.previousCut + 1n}–${claim.cut}`;
  const at = { date: claim.date };
  const from = claim.source === 'log' ? 'its SettlementClosed' : `the ${claim.source} seal`;
  const moved =
    end !== undefined && claim.lastPosition !== null && end !== BigInt(claim.lastPosition)
      ? `; the last event it sealed (position ${claim.lastPosition}) is now at ${end}`
      : '';
  if (found.count < claim.count) {
    const short = claim.count - found.count;
    const foundLast = found.lastPosition === null ? null : BigInt(found.lastPosition);
    const sealedLast = claim.lastPosition === null ? null : BigInt(claim.lastPosition);
    if (
      end === undefined &&
      sealedLast !== null &&
      (foundLast === null || foundLast < sealedLast)
    ) {
      return {
        ...at,
        kind: 'missing',
        position: ((foundLast ?? claim.previousCut) + 1n).toString(),
        detail:
          `${short} event(s) of ${claim.date}'s seal are missing: ${from} covers up to position ` +
          `${sealedLast}, the log holds ${foundLast === null ? 'none of them' : `up to ${foundLast}`}`,
      };
    }
    return {
      ...at,
      kind: 'missing',
      position: found.firstPosition ?? (claim.previousCut + 1n).toString(),
      detail: `${short} event(s) of ${claim.date}'s seal (${range}) are missing, per ${from}${moved}`,
    };
  }
  if (found.count > claim.count) {
    return {
      ...at,
      kind: 'extra',
      position: found.firstPosition,
      detail: `${found.count - claim.count} event(s) in ${range} that ${from} of ${claim.date} does not hold${moved}`,
    };
  }
  if (found.setRoot === claim.setRoot && found.root !== claim.root) {
    return {
      ...at,
      kind: 'reordered',
      position: found.firstPosition,
      detail: `the events of ${range} are those ${from} of ${claim.date} sealed, in another order`,
    };
  }
  if (found.root === claim.root) {
    return {
      ...at,
      kind: 'changed',
      position: found.firstPosition,
      detail: `the events of ${claim.date}'s seal were renumbered (${from}: ${claim.firstPosition}–${claim.lastPosition})`,
    };
  }
  return {
    ...at,
    kind: 'changed',
    position: found.firstPosition,
    detail: `the events of ${range} differ from those ${from} of ${claim.date} sealed${moved}`,
  };
}

/**
 * The chain's problems first, in position order: each names its exact event. Then the seals',
 * which name the first position of a slice that does not hold.
 */
function byPrecision(a: VerifyProblem, b: VerifyProblem): number {
  const bySeal = Number(a.date !== undefined) - Number(b.date !== undefined);
  return bySeal !== 0 ? bySeal : byPosition(a, b);
}

function byPosition(a: VerifyProblem, b: VerifyProblem): number {
  if (a.position === b.position) return 0;
  if (a.position === null) return 1;
  if (b.position === null) return -1;
  const x = BigInt(a.position);
  const y = BigInt(b.position);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Verifies a whole walk of records (the store's log, or an export's event lines). */
export async function verifyRecords(
  records: AsyncIterable<readonly AuditRecord[]>,
  options: VerifyOptions = {},
  onProgress?: (events: number, lastPosition: string) => void,
): Promise<VerifyReport> {
  const verifier = new LogVerifier(options);
  let events = 0;
  for await (const page of records) {
    for (const record of page) verifier.add(record);
    events += page.length;
    const last = page.at(-1);
    if (last !== undefined) onProgress?.(events, last.position);
  }
  return verifier.finish();
}
