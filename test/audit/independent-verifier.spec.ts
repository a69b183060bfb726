/**
 * docs/audit.md is enough to re-implement verification: a verifier written from it alone (no
 * import from libs/ or apps/) passes an export the ledger's own code made, names the first problem
 * of each kind of tampering, and computes the same hashes and roots as libs/audit.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  canonicalJson,
  eventHash,
  hashedEventOf,
  merkleRoot,
  type AuditRecord,
  type SealedDigestDocument,
} from '@lib/audit';
import { canonicalJsonOf, eventHashOf, merkleRootOf, verifyExport } from './independent-verifier';

const FIXTURES = path.join(__dirname, 'fixtures');
const SAMPLE = fs.readFileSync(path.join(FIXTURES, 'export-sample.ndjson'), 'utf8');
const COPIED = ['2026-12-01', '2026-12-02'].map((date) =>
  fs.readFileSync(path.join(FIXTURES, 'settlements', `${date}.digest`), 'utf8'),
);

type Event = AuditRecord & { kind: 'event' };
type Seal = SealedDigestDocument & { kind: 'seal' };
type Line = { kind: 'export'; untilPosition: string } | Seal | Event;

const lines = (): Line[] =>
  SAMPLE.split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
const ndjson = (edited: readonly Line[]): string =>
  edited.map((line) => `${JSON.stringify(line)}\n`).join('');
const eventsOf = (all: readonly Line[]) => all.filter((line) => line.kind === 'event');
const sealsOf = (all: readonly Line[]) => all.filter((line) => line.kind === 'seal');
const plusOne = (position: string): string => String(BigInt(position) + 1n);
/** The index of the event line at `position`. */
const at = (all: readonly Line[], position: string): number =>
  all.findIndex((line) => line.kind === 'event' && line.position === position);

/** What a forger with the ledger's code writes: the next event of a stream, correctly chained. */
function forgedAfter(previous: Event, position: string): Event {
  const [requested] = eventsOf(lines());
  const { paymentId, items } = requested!.data as {
    paymentId: string;
    items: { itemId: string }[];
  };
  const metadata = { ...previous.metadata, prevHash: previous.metadata.hash! };
  const forged = {
    ...previous,
    position,
    revision: String(BigInt(previous.revision) + 1n),
    type: 'JudgmentViewed',
    data: { paymentId, itemId: items[1]!.itemId, viewedAt: '2026-12-01T10:06:00.000+09:00' },
  };
  const hash = eventHash(hashedEventOf({ ...forged, metadata }), previous.metadata.hash as string);
  return { ...forged, metadata: { ...metadata, hash } };
}

/**
 * Inserts `forged` right after the event at `position` as a careful forger would: the events after
 * it renumbered, and the header's `untilPosition` moved with them.
 */
function insertAfter(all: Line[], position: string, forged: (at: string) => Event): Line[] {
  const later = (at: string) => BigInt(at) > BigInt(position);
  const shifted = all.map((line): Line => {
    if (line.kind === 'export') return { ...line, untilPosition: plusOne(line.untilPosition) };
    if (line.kind === 'event' && later(line.position)) {
      return { ...line, position: plusOne(line.position) };
    }
    return line;
  });
  shifted.splice(at(shifted, position) + 1, 0, forged(plusOne(position)));
  return shifted;
}

describe('docs/audit.md §7: given the export of 2026-12-01..02 made by the ledger', () => {
  const all = lines();
  const events = eventsOf(all);

  it('holds member and guest payments, a completion, a view, a cancellation and closes', () => {
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'PaymentRequested',
      'PaymentCompleted',
      'JudgmentViewed',
      'PaymentCancelled',
      'SettlementClosed',
    ]) {
      expect(types).toContain(type);
    }
    const payers = events.flatMap((event) =>
      event.type === 'PaymentRequested' ? [(event.data as { payer: { type: string } }).payer] : [],
    );
    expect(payers.map((payer) => payer.type)).toEqual(['MEMBER', 'GUEST', 'MEMBER']);
    expect(payers[1]).toMatchObject({ phoneKey: { sha256: expect.any(String) } });
    expect(events.map((event) => event.stream).slice(0, 4)).toEqual([
      events[0]!.stream,
      events[1]!.stream,
      events[0]!.stream,
      events[1]!.stream,
    ]);
    expect(sealsOf(all).map((seal) => seal.count % 2)).toContain(1);
  });

  it('when the independent verifier reads it, then it finds no problem', () => {
    expect(verifyExport(SAMPLE)).toBeNull();
  });

  it('when checked against the .digest files copied off the machine, then it finds no problem', () => {
    expect(verifyExport(SAMPLE, COPIED)).toBeNull();
  });

  it("then the ledger's hashes and roots equal the independent verifier's", () => {
    const slices = new Map<Seal, string[]>(sealsOf(all).map((seal) => [seal, []]));
    for (const event of events) {
      const prevHash = event.metadata.prevHash as string | null;
      const ours = eventHash(hashedEventOf(event), prevHash);
      expect(eventHashOf(event, prevHash)).toBe(ours);
      expect(event.metadata.hash).toBe(ours);
      const [, slice] = [...slices].find(([seal]) => BigInt(event.position) <= BigInt(seal.cut))!;
      slice.push(ours);
    }
    for (const [seal, hashes] of slices) {
      expect([merkleRoot(hashes), merkleRootOf(hashes)]).toEqual([seal.root, seal.root]);
      const sorted = [...hashes].sort();
      expect([merkleRoot(sorted), merkleRootOf(sorted)]).toEqual([seal.setRoot, seal.setRoot]);
    }
    for (let count = 0; count <= 9; count += 1) {
      const hashes = events.slice(0, count).map((event) => event.metadata.hash as string);
      expect(merkleRootOf(hashes)).toBe(merkleRoot(hashes));
    }
  });
});

describe('docs/audit.md §2: given the examples of RFC 8785 (JSON Canonicalization Scheme)', () => {
  it('when canonicalised, then the ledger and the independent verifier both write the RFC output', () => {
    const values = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalJson(JSON.parse(values))).toBe(expected);
    expect(canonicalJsonOf(JSON.parse(values))).toBe(expected);
  });

  it('when keys need sorting, then both sort by UTF-16 code units (an emoji before U+FB33)', () => {
    const sorting = String.raw`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`;
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    const written = canonicalJson(JSON.parse(sorting));
    const places = order.map((key) => written.indexOf(`${JSON.stringify(key)}:`));
    expect(places.every((place, index) => place > (places[index - 1] ?? -1))).toBe(true);
    expect(canonicalJsonOf(JSON.parse(sorting))).toBe(canonicalJson(JSON.parse(sorting)));
  });
});

describe('docs/audit.md §4: given events written before chains (no hash in their metadata)', () => {
  const unchained = (all: Line[], position: string): void => {
    const index = at(all, position);
    const event = all[index] as Event;
    const { hash: _hash, prevHash: _prevHash, ...metadata } = event.metadata;
    all[index] = { ...event, metadata };
  };

  it('when a stream’s first events carry none, then their hashes follow the genesis rule', () => {
    const all = lines();
    unchained(all, '1'); // the member's PaymentRequested, revision 0
    unchained(all, '3'); // its PaymentCompleted, revision 1; revision 2 links to its hash
    expect(verifyExport(ndjson(all), COPIED)).toBeNull();
  });

  it('when an event after hashed events of its stream carries none, then it is named changed', () => {
    const all = lines();
    unchained(all, '3');
    expect(verifyExport(ndjson(all))).toEqual({ position: '3', kind: 'changed' });
  });
});

describe('docs/audit.md §5: given the Merkle Tree Hash of RFC 6962 (Certificate Transparency)', () => {
  const sha256 = (...parts: Buffer[]) =>
    parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
  const mth = (leaves: Buffer[]): Buffer => {
    if (leaves.length <= 1)
      return leaves[0] === undefined ? sha256() : sha256(Buffer.from([0]), leaves[0]);
    let split = 1;
    while (split * 2 < leaves.length) split *= 2;
    return sha256(Buffer.from([1]), mth(leaves.slice(0, split)), mth(leaves.slice(split)));
  };

  it('when 0 to 40 event hashes are sealed, then the root is the RFC 6962 tree hash of them', () => {
    for (let count = 0; count <= 40; count += 1) {
      const hashes = Array.from({ length: count }, (_, i) => sha256(Buffer.from(`event ${i}`)));
      const hex = hashes.map((hash) => hash.toString('hex'));
      expect([merkleRoot(hex), merkleRootOf(hex)]).toEqual([
        mth(hashes).toString('hex'),
        mth(hashes).toString('hex'),
      ]);
    }
  });
});

describe('docs/audit.md §8: given the export tampered with, when the independent verifier reads it', () => {
  it('then one byte changed in an event’s data is named changed at that event', () => {
    const line = SAMPLE.split('\n').findIndex((text) => text.includes('"position":"3"'));
    const edited = SAMPLE.split('\n');
    expect(edited[line]).toContain('"amountKrw":2000');
    edited[line] = edited[line]!.replace('"amountKrw":2000', '"amountKrw":3000');
    expect(verifyExport(edited.join('\n'))).toEqual({ position: '3', kind: 'changed' });
  });

  it('then an event deleted from a stream is named missing at the next event of that stream', () => {
    const all = lines();
    all.splice(at(all, '3'), 1); // the member's PaymentCompleted (revision 1)
    expect(verifyExport(ndjson(all))).toEqual({ position: '5', kind: 'missing' });
  });

  it('then the last event of a sealed slice deleted is named missing at the seal’s last position', () => {
    const all = lines();
    all.splice(at(all, '17'), 1);
    expect(verifyExport(ndjson(all), COPIED)).toEqual({ position: '17', kind: 'missing' });
  });

  it('then two events of different streams swapped in place are named reordered at their seal', () => {
    const all = lines();
    const [three, four] = [at(all, '3'), at(all, '4')];
    const [a, b] = [all[three] as Event, all[four] as Event];
    all[three] = { ...b, position: '3' };
    all[four] = { ...a, position: '4' };
    // Each stream's chain still holds: only the seal's order-sensitive root tells.
    expect(verifyExport(ndjson(all), COPIED)).toEqual({ position: '1', kind: 'reordered' });
  });

  it('then two lines swapped, positions and all, are named reordered where the log goes back', () => {
    const all = lines();
    const [three, four] = [at(all, '3'), at(all, '4')];
    [all[three], all[four]] = [all[four]!, all[three]!];
    expect(verifyExport(ndjson(all))).toEqual({ position: '3', kind: 'reordered' });
  });

  it('then a forged event, correctly chained, inside a sealed slice is named extra at its seal', () => {
    const all = lines();
    const memberView = all[at(all, '5')] as Event; // the last event of the member's stream
    const forged = insertAfter(all, '5', (position) => forgedAfter(memberView, position));
    // Every chain holds and positions still rise; the seal's last event now lies one further on.
    expect(verifyExport(ndjson(forged), COPIED)).toEqual({ position: '1', kind: 'extra' });
  });

  it('then a forged event after the last seal’s cut is named extra at its position', () => {
    const all = lines();
    all.push(forgedAfter(all[at(all, '5')] as Event, '18'));
    expect(verifyExport(ndjson(all), COPIED)).toEqual({ position: '18', kind: 'extra' });
  });

  it('then a second event at a revision its stream already has is named extra at it', () => {
    const all = lines();
    const memberCompleted = all[at(all, '3')] as Event; // revision 1; revision 2 is at position 5
    const forged = insertAfter(all, '5', (position) => forgedAfter(memberCompleted, position));
    expect(verifyExport(ndjson(forged))).toEqual({ position: '6', kind: 'extra' });
  });

  it('then a seal’s root changed is named changed at its last position against the copy', () => {
    const all = lines();
    const index = all.findIndex((line) => line.kind === 'seal');
    const seal = all[index] as Seal;
    all[index] = {
      ...seal,
      root: `${seal.root.slice(0, -1)}${seal.root.endsWith('0') ? '1' : '0'}`,
    };
    expect(verifyExport(ndjson(all), COPIED)).toEqual({ position: '11', kind: 'changed' });
    // On its own the export cannot tell a false root from reordered events: the set still agrees.
    expect(verifyExport(ndjson(all))).toEqual({ position: '1', kind: 'reordered' });
  });
});
