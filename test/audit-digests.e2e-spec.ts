/**
 * Sealed daily digests through HTTP (DESIGN.md §5, issue 11): each close seals the slice of the log
 * since the previous close's cut; the seal is in the settlement report (`digest`), at
 * `GET /v1/audit/digests/{date}`, and in `settlements/<date>.digest`. The root is recomputed here
 * from the audit log's own event hashes.
 */
import * as fs from 'node:fs';
import { NO_STREAM, type JsonValue } from '@lib/event-store';
import { EMPTY_LINE, ZERO_TALLY, type SettlementClosed } from '@lib/ledger';
import { merkleRoot } from '@lib/audit';
import {
  completedCardPayment,
  expectProblem,
  guestCardPaymentBody,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type TestApp,
} from './support/test-app';
import { readAuditLog, type AuditEventBody } from './support/audit-log';
import { closedReport, type SettlementBody } from './support/settlement-fixtures';

const DAY = '2026-12-01';
const NEXT_DAY = '2026-12-02';
/** A day closed by a close from before seals existed (written straight to the store below). */
const LEGACY_DAY = '2026-11-20';

interface DigestBody {
  format: string;
  date: string;
  closedAt: string;
  previousCut: string;
  cut: string;
  root: string;
  setRoot: string;
  count: number;
  firstPosition: string | null;
  lastPosition: string | null;
  [key: string]: unknown;
}

const HEX_256 = /^[0-9a-f]{64}$/;

describe('Sealed daily digests: GET /v1/audit/digests/{date}, the report’s digest and the .digest file', () => {
  let t: TestApp;
  let report: SettlementBody;

  const digestOf = (date: string) => t.get('auditor', `/v1/audit/digests/${date}`);

  /** The SettlementClosed the close recorded for `date`. */
  async function storedClose(date: string): Promise<SettlementClosed['data']> {
    const events = await t.store.readStream(`settlement-${date}`);
    const closed = events.find((event) => event.type === 'SettlementClosed');
    return closed!.data as unknown as SettlementClosed['data'];
  }

  /** The audit log's events in (previousCut, cut]. */
  async function sealedSlice(digest: DigestBody): Promise<AuditEventBody[]> {
    return (await readAuditLog(t)).filter(
      (event) =>
        BigInt(event.position) > BigInt(digest.previousCut) &&
        BigInt(event.position) <= BigInt(digest.cut),
    );
  }

  beforeAll(async () => {
    t = await startTestApp({ now: `${DAY}T10:00:00+09:00` });
    await completedCardPayment(t, { count: 2 });
    const cancelled = await completedCardPayment(t);
    await t.post('client', `/v1/payments/${cancelled.paymentId}/cancel`).expect(200);
    await requestPayment(t, guestCardPaymentBody('010-2222-3333', 'guest-secret'));
    await requestPayment(t, transferPaymentBody(1, newMemberId()));
  });

  afterAll(() => t.close());

  it('answers 404 SETTLEMENT_NOT_FOUND while the day is not closed', async () => {
    expectProblem(await digestOf(DAY), 404, 'SETTLEMENT_NOT_FOUND');
  });

  describe('once the day is closed', () => {
    let digest: DigestBody;

    beforeAll(async () => {
      moveClockTo(t.clock, '00:00', 1);
      report = await closedReport(t, DAY);
      digest = (await digestOf(DAY).expect(200)).body as DigestBody;
    });

    it('answers the seal the close recorded in SettlementClosed', async () => {
      const closed = await storedClose(DAY);
      expect(closed.digest).toBeDefined();
      expect(digest).toEqual({
        format: 'judgment-fee-ledger/digest/v1',
        date: DAY,
        closedAt: closed.closedAt,
        previousCut: closed.digest!.after,
        cut: closed.countedUpToPosition,
        root: closed.digest!.root,
        setRoot: closed.digest!.setRoot,
        count: closed.digest!.count,
        firstPosition: closed.digest!.firstPosition,
        lastPosition: closed.digest!.lastPosition,
        lastHash: closed.digest!.lastHash,
      });
      expect(digest).toMatchObject({ root: expect.stringMatching(HEX_256), previousCut: '0' });
    });

    it('seals exactly the events in (previousCut, cut]: the root is the Merkle root of their hashes', async () => {
      const slice = await sealedSlice(digest);
      expect(slice.length).toBeGreaterThan(10);
      expect(digest.count).toBe(slice.length);
      expect(digest.firstPosition).toBe(slice[0]!.position);
      expect(digest.lastPosition).toBe(slice.at(-1)!.position);
      const hashes = slice.map((event) => event.metadata.hash as string);
      for (const hash of hashes) expect(hash).toMatch(HEX_256);
      expect(digest.root).toBe(merkleRoot(hashes));
      expect(digest.setRoot).toBe(merkleRoot([...hashes].sort()));
      // Every stream the day wrote is sealed, the payer guards too.
      const kinds = new Set(slice.map((event) => event.stream.replace(/-.*$/, '')));
      expect([...kinds].sort()).toEqual(['payer', 'payment', 'settlement']);
    });

    it('shows the root as the settlement report’s digest, in the answer, the route and the JSON file', async () => {
      expect(report.digest).toBe(digest.root);
      for (const role of ['auditor', 'admin'] as const) {
        const body = (await t.get(role, `/v1/settlements/${DAY}`).expect(200)).body;
        expect(body).toMatchObject({ digest: digest.root });
      }
      const json = fs.readFileSync(`${t.dataDir}/settlements/${DAY}.json`, 'utf8');
      expect(JSON.parse(json)).toMatchObject({ digest: digest.root });
    });

    it('writes settlements/<date>.digest with the very document the route answers', () => {
      const file = fs.readFileSync(`${t.dataDir}/settlements/${DAY}.digest`, 'utf8');
      expect(JSON.parse(file)).toEqual(digest);
    });

    it('seals the next day from this cut on: the seals cover the log without gap or overlap', async () => {
      moveClockTo(t.clock, '10:00');
      await completedCardPayment(t);
      moveClockTo(t.clock, '00:00', 1);
      await closedReport(t, NEXT_DAY);
      const next = (await digestOf(NEXT_DAY).expect(200)).body as DigestBody;
      expect(next.previousCut).toBe(digest.cut);
      expect(BigInt(next.firstPosition!)).toBeGreaterThan(BigInt(digest.cut));
      const slice = await sealedSlice(next);
      expect(next.count).toBe(slice.length);
      expect(next.root).toBe(merkleRoot(slice.map((event) => event.metadata.hash as string)));
    });
  });

  it('answers 404 DIGEST_NOT_AVAILABLE for a day closed before closes sealed the log', async () => {
    const date = LEGACY_DAY;
    // As closes wrote it before R24 and seals: no previousCut, no digest.
    const legacyClose: SettlementClosed['data'] = {
      date,
      closedAt: `${date}T15:00:00.000Z`,
      countedUpToPosition: '0',
      report: {
        date,
        completed: ZERO_TALLY,
        cancelled: ZERO_TALLY,
        netAmountKrw: 0,
        byMethod: { CARD: EMPTY_LINE, BANK_TRANSFER: EMPTY_LINE },
        byIssuer: {},
        byBank: {},
      },
      abandonedReservations: [],
    };
    const metadata = { actor: { role: 'system', id: 'legacy-close' }, schemaVersion: 1 };
    await t.store.appendToStream(
      `settlement-${date}`,
      [
        {
          type: 'SettlementCloseStarted',
          data: { date, startedAt: legacyClose.closedAt },
          metadata,
        },
        { type: 'SettlementClosed', data: legacyClose as unknown as JsonValue, metadata },
      ],
      { expectedRevision: NO_STREAM },
    );
    expectProblem(await digestOf(date), 404, 'DIGEST_NOT_AVAILABLE');
    const legacyReport = (await t.get('auditor', `/v1/settlements/${date}`).expect(200)).body;
    expect(legacyReport).toMatchObject({ date, digest: null });
  });

  it('answers 400 for a malformed or impossible date, exactly as the settlement route', async () => {
    for (const date of ['2026-13-01', '2026-02-30', '20261201', 'yesterday', '2026-12-1']) {
      const problem = expectProblem(await digestOf(date), 400, 'VALIDATION_FAILED');
      const settlement = expectProblem(
        await t.get('auditor', `/v1/settlements/${date}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual(settlement.errors);
    }
  });

  it('is for the auditor role only', async () => {
    for (const role of ['client', 'support', 'gateway', 'admin'] as const) {
      expectProblem(await t.get(role, `/v1/audit/digests/${DAY}`), 403, 'FORBIDDEN');
    }
    expectProblem(await t.http().get(`/v1/audit/digests/${DAY}`), 401, 'UNAUTHENTICATED');
  });
});
