/**
 * An independent verifier of `ledger export --format ndjson`, written from docs/audit.md alone.
 * It imports only node:crypto — nothing from libs/ or apps/ — and has its own canonical JSON, so
 * it shows the document is enough to re-implement verification. An export is already redacted
 * and redaction is idempotent (§3), so records are hashed as they are. `copiedSeals` (the texts of
 * `.digest` files copied off the machine) replace the export's own seal lines when given (§9).
 */
import { createHash } from 'node:crypto';

export type ProblemKind = 'changed' | 'missing' | 'reordered' | 'extra';
export type Problem = { readonly position: string; readonly kind: ProblemKind } | null;
/** The fields of an event line (§7) the checks read. */
export interface EventLine {
  readonly kind: 'event';
  readonly position: string;
  readonly stream: string;
  readonly revision: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}
/** A seal (§6), as an export line or a copied `.digest` file. */
interface SealLine {
  readonly previousCut: string;
  readonly cut: string;
  readonly root: string;
  readonly setRoot: string;
  readonly count: number;
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
  /** The hash of the last event sealed (null for an empty slice; absent in older seals). */
  readonly lastHash?: string | null;
}
/** The export's first line (§7): the slice of the log it holds, (afterPosition, untilPosition]. */
type Slice = { readonly afterPosition: string; readonly untilPosition: string };
type Line =
  ({ kind: 'export'; format: string } & Slice) | ({ kind: 'seal' } & SealLine) | EventLine;
type Leaf = { readonly position: string; readonly hash: string };
type Chains = Map<string, { revision: bigint; hash: string; hashed: boolean }>;

const sha256 = (...parts: (string | Buffer)[]): Buffer =>
  parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();

export const canonicalJsonOf = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonicalJsonOf).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.entries(value)
          .sort(([a], [b]) => (a < b ? -1 : 1)) // UTF-16 code units, as RFC 8785 sorts
          .map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJsonOf(inner)}`)
          .join(',')}}`
      : JSON.stringify(value);

export function eventHashOf(event: EventLine, prevHash: unknown): string {
  const { hash: _hash, prevHash: _prevHash, ...metadata } = event.metadata;
  const { stream, revision, type, data } = event;
  const body = canonicalJsonOf({ stream, revision, type, data, metadata, prevHash });
  return sha256(`judgment-fee-ledger/event/v1\n${body}`).toString('hex');
}

export function merkleRootOf(hashes: readonly string[]): string {
  let level = hashes.map((hash) => sha256(Buffer.from([0x00]), Buffer.from(hash, 'hex')));
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const [left, right] = [level[i]!, level[i + 1]];
      up.push(right === undefined ? left : sha256(Buffer.from([0x01]), left, right));
    }
    level = up;
  }
  return (level[0] ?? sha256()).toString('hex');
}

/** §8, one event in log order: its place in the log and in its stream, its link and its hash. */
function checkEvent(
  event: EventLine,
  previous: EventLine | undefined,
  slice: Slice,
  chains: Chains,
) {
  const [position, revision] = [BigInt(event.position), BigInt(event.revision)];
  const before = chains.get(event.stream);
  if (previous !== undefined && position <= BigInt(previous.position)) return 'reordered';
  if (position <= BigInt(slice.afterPosition) || position > BigInt(slice.untilPosition)) {
    return 'extra';
  }
  if (before !== undefined && revision < before.revision) return 'reordered';
  if (before !== undefined && revision === before.revision) return 'extra';
  if (before !== undefined && revision > before.revision + 1n) return 'missing';
  const link = before?.hash ?? (revision === 0n ? null : (event.metadata.prevHash ?? null));
  if ('prevHash' in event.metadata && event.metadata.prevHash !== link) return 'changed';
  const hash = eventHashOf(event, link);
  const hashed = event.metadata.hash !== undefined; // false: written before chains (§4)
  if (hashed ? event.metadata.hash !== hash : before?.hashed === true) return 'changed';
  chains.set(event.stream, { revision, hash, hashed });
  return null;
}

/**
 * §8, one seal: the events now in its range, counted and rooted in log order and sorted. Where
 * the event it sealed last now lies (`lastAt`) tells inserted from removed events.
 */
function checkSeal(seal: SealLine, slice: Leaf[], lastAt: string | undefined): Problem {
  const hashes = slice.map((leaf) => leaf.hash);
  const position = slice[0]?.position ?? String(BigInt(seal.previousCut) + 1n);
  const [end, sealedEnd] = [slice.at(-1)?.position, seal.lastPosition].map((at) =>
    BigInt(at ?? seal.previousCut),
  ) as [bigint, bigint];
  const moved = lastAt === undefined ? 0n : BigInt(lastAt) - sealedEnd;
  if (moved < 0n || hashes.length < seal.count) {
    const tail = lastAt === undefined && end < sealedEnd; // the slice stops short: name the gap
    return { position: tail ? String(end + 1n) : position, kind: 'missing' };
  }
  if (moved > 0n || hashes.length > seal.count) return { position, kind: 'extra' };
  if (merkleRootOf(hashes) === seal.root) {
    const renumbered = position !== (seal.firstPosition ?? position) || end !== sealedEnd;
    return renumbered ? { position, kind: 'changed' } : null;
  }
  return { position, kind: merkleRootOf(hashes.sort()) === seal.setRoot ? 'reordered' : 'changed' };
}

export function verifyExport(ndjson: string, copiedSeals?: readonly string[]): Problem {
  const lines = ndjson
    .split('\n')
    .filter((text) => text !== '')
    .map((text) => JSON.parse(text) as Line);
  const [header] = lines;
  if (header?.kind !== 'export' || header.format !== 'judgment-fee-ledger/export/v1') {
    throw new Error('Not an export');
  }
  const ownSeals = lines.filter((line) => line.kind === 'seal');
  const seals = copiedSeals?.map((text) => JSON.parse(text) as SealLine) ?? ownSeals;
  const events = lines.filter((line) => line.kind === 'event');
  const chains: Chains = new Map();
  const leaves: Leaf[] = [];
  for (const [index, event] of events.entries()) {
    const kind = checkEvent(event, events[index - 1], header, chains);
    if (kind !== null) return { position: event.position, kind };
    leaves.push({ position: event.position, hash: chains.get(event.stream)!.hash });
  }
  const positionOf = new Map<unknown, string>(leaves.map((leaf) => [leaf.hash, leaf.position]));
  const sealText = (seal: SealLine | undefined) => canonicalJsonOf({ ...seal, kind: 'seal' });
  let cut = header.afterPosition;
  for (const [index, seal] of seals.entries()) {
    if (sealText(ownSeals[index]) !== sealText(seal)) {
      return { position: seal.lastPosition ?? seal.cut, kind: 'changed' };
    }
    if (seal.previousCut !== cut) return { position: String(BigInt(cut) + 1n), kind: 'missing' };
    const [after, until] = [BigInt(seal.previousCut), BigInt(seal.cut)];
    const slice = leaves.filter(
      ({ position }) => BigInt(position) > after && BigInt(position) <= until,
    );
    const problem = checkSeal(seal, slice, positionOf.get(seal.lastHash));
    if (problem !== null) return problem;
    cut = seal.cut;
  }
  return cut === header.untilPosition
    ? null
    : { position: String(BigInt(cut) + 1n), kind: 'missing' };
}
