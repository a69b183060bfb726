/**
 * R18, R19 through HTTP: a day of card and transfer payments across issuers and banks, some
 * cancelled, is closed after midnight KST; its report, files, idempotency and the SETTLED refusal.
 */
import * as fs from 'node:fs';
import { ValueType, Workbook } from 'exceljs';
import {
  RecordingGateway,
  cardPaymentBody,
  completedCardPayment,
  completePayment,
  expectProblem,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
  type TestApp,
} from './support/test-app';
import {
  NO_LATE_ADJUSTMENTS,
  closeDay,
  closedReport,
  expectSettled,
  settlementEvents,
  type SettlementBody,
} from './support/settlement-fixtures';

const DAY = '2026-12-01';
const NEXT_DAY = '2026-12-02';

describe('R18 closing a KST day through HTTP', () => {
  let t: TestApp;
  const gateway = new RecordingGateway();
  const paid: Record<string, PaymentBody> = {};

  async function pay(name: string, body: object, then: 'complete' | 'cancel' | 'fail' | 'none') {
    const requested = await requestPayment(t, body);
    paid[name] = requested;
    if (then === 'none') return;
    if (then === 'fail') {
      const failed = await t.post('gateway', `/v1/payments/${requested.paymentId}/fail`, {
        code: 'P001',
        message: '잔액이 부족합니다.',
      });
      expect(failed.status).toBe(200);
      return;
    }
    await completePayment(t, requested);
    if (then === 'cancel') {
      const cancelled = await t.post('client', `/v1/payments/${requested.paymentId}/cancel`);
      expect({ status: cancelled.status, body: cancelled.body as unknown }).toMatchObject({
        status: 200,
        body: { status: 'CANCELLED' },
      });
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ now: `${DAY}T10:00:00+09:00`, gateway });
    await pay('shinhan', cardPaymentBody(3, newMemberId(), 'SHINHAN'), 'complete');
    await pay('shinhanCancelled', cardPaymentBody(2, newMemberId(), 'SHINHAN'), 'cancel');
    await pay('bc', cardPaymentBody(1, newMemberId(), 'BC'), 'complete');
    await pay('kbCancelled', cardPaymentBody(4, newMemberId(), 'KB'), 'cancel');
    await pay('shinhanBank', transferPaymentBody(2, newMemberId(), '088'), 'complete');
    await pay('kbBankCancelled', transferPaymentBody(5, newMemberId(), '004'), 'cancel');
    await pay('declined', cardPaymentBody(6, newMemberId(), 'SAMSUNG'), 'fail');
    await pay('waiting', cardPaymentBody(7, newMemberId(), 'HYUNDAI'), 'none');
    moveClockTo(t.clock, '23:59:59');
    await pay('hanaLast', cardPaymentBody(1, newMemberId(), 'HANA'), 'none');
    const lotte = await requestPayment(t, cardPaymentBody(8, newMemberId(), 'LOTTE'));
    paid.lotteNextDay = lotte;
    moveClockTo(t.clock, '23:59:59.999');
    await completePayment(t, paid.hanaLast!);
  });

  afterAll(() => t.close());

  it('answers 404 SETTLEMENT_NOT_FOUND for a day that is not closed', async () => {
    expectProblem(await t.get('auditor', `/v1/settlements/${DAY}`), 404, 'SETTLEMENT_NOT_FOUND');
  });

  it('refuses to close the day at 23:59:59.999 (409 DAY_NOT_ENDED) and records nothing', async () => {
    const problem = expectProblem(await closeDay(t, DAY), 409, 'DAY_NOT_ENDED');
    expect(problem.retryAfter).toBe('2026-12-02T00:00:00.000+09:00');
    expectProblem(await closeDay(t, '2027-01-01'), 409, 'DAY_NOT_ENDED');
    expect(await settlementEvents(t.store, DAY)).not.toContain('SettlementCloseStarted');
  });

  it('answers 400 for a malformed or impossible date', async () => {
    for (const date of ['2026-13-01', '2026-02-30', '20261201', 'yesterday', '2026-12-1']) {
      expectProblem(await t.get('auditor', `/v1/settlements/${date}`), 400, 'VALIDATION_FAILED');
      expectProblem(await closeDay(t, date), 400, 'VALIDATION_FAILED');
    }
  });

  it('lets only admin close and only auditor or admin read', async () => {
    expectProblem(await t.post('auditor', `/v1/settlements/${DAY}/close`), 403, 'FORBIDDEN');
    expectProblem(await t.post('client', `/v1/settlements/${DAY}/close`), 403, 'FORBIDDEN');
    expectProblem(await t.get('client', `/v1/settlements/${DAY}`), 403, 'FORBIDDEN');
    expectProblem(await t.get('support', `/v1/settlements/${DAY}`), 403, 'FORBIDDEN');
  });

  describe('at 00:00:00.000 KST of the next day', () => {
    let report: SettlementBody;

    beforeAll(async () => {
      moveClockTo(t.clock, '00:00', 1);
      await completePayment(t, paid.lotteNextDay!); // completes on the next day: not counted
      report = await closedReport(t, DAY);
    });

    it('closes the day with completed (cancelled ones included), cancelled and net, by method, issuer and bank', () => {
      const line = (completed: [number, number], cancelled: [number, number]) => ({
        completed: { count: completed[0], amount: completed[1] },
        cancelled: { count: cancelled[0], amount: cancelled[1] },
      });
      expect(report).toEqual({
        date: DAY,
        closed: true,
        closedAt: '2026-12-02T00:00:00.000+09:00',
        ...line([7, 18_000], [3, 11_000]),
        netAmount: 7_000,
        byMethod: {
          CARD: line([5, 11_000], [2, 6_000]),
          BANK_TRANSFER: line([2, 7_000], [1, 5_000]),
        },
        byIssuer: {
          BC: line([1, 1_000], [0, 0]),
          KB: line([1, 4_000], [1, 4_000]),
          SHINHAN: line([2, 5_000], [1, 2_000]),
          HANA: line([1, 1_000], [0, 0]),
        },
        byBank: {
          '004': line([1, 5_000], [1, 5_000]),
          '088': line([1, 2_000], [0, 0]),
        },
        lateAdjustments: [],
        lateAdjustmentTotals: NO_LATE_ADJUSTMENTS,
        // The seal of the log up to this close (test/audit-digests.e2e-spec.ts checks its root).
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('serves the same report to auditor and admin', async () => {
      for (const role of ['auditor', 'admin'] as const) {
        const response = await t.get(role, `/v1/settlements/${DAY}`);
        expect({ status: response.status, body: response.body as unknown }).toEqual({
          status: 200,
          body: report,
        });
      }
    });

    it('is idempotent: closing again answers the same report and records nothing new', async () => {
      moveClockTo(t.clock, '09:00');
      const before = await settlementEvents(t.store, DAY);
      expect(await closedReport(t, DAY)).toEqual(report);
      expect(await settlementEvents(t.store, DAY)).toEqual(before);
      // R19: each of the three cancellations reserved its place and released it before the close.
      expect(before).toEqual([
        ...Array<string[]>(3)
          .fill(['SettlementCancellationReserved', 'SettlementCancellationReleased'])
          .flat(),
        'SettlementCloseStarted',
        'SettlementClosed',
      ]);
    });

    it('writes the report as JSON and as a UTF-8 CSV with BOM and the Korean names of R1', () => {
      const folder = `${t.dataDir}/settlements`;
      expect(JSON.parse(fs.readFileSync(`${folder}/${DAY}.json`, 'utf8'))).toEqual(report);
      const csv = fs.readFileSync(`${folder}/${DAY}.csv`);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toBe(
        'date,section,code,name,completed_count,completed_amount_krw,cancelled_count,cancelled_amount_krw,net_amount_krw',
      );
      expect(lines).toEqual(
        expect.arrayContaining([
          `${DAY},TOTAL,,합계,7,18000,3,11000,7000`,
          `${DAY},METHOD,CARD,신용카드,5,11000,2,6000,5000`,
          `${DAY},METHOD,BANK_TRANSFER,계좌이체,2,7000,1,5000,2000`,
          `${DAY},ISSUER,SHINHAN,신한카드,2,5000,1,2000,3000`,
          `${DAY},ISSUER,KB,KB국민카드,1,4000,1,4000,0`,
          `${DAY},BANK,004,KB국민은행,1,5000,1,5000,0`,
          `${DAY},BANK,088,신한은행,1,2000,0,0,2000`,
        ]),
      );
      expect(lines).toHaveLength(1 + 1 + 2 + 4 + 2 + 1); // header, total, methods, issuers, banks, ''
    });

    it('writes the same rows as an xlsx beside the CSV, bank 004 a text cell and amounts numbers', async () => {
      const workbook = new Workbook();
      await workbook.xlsx.readFile(`${t.dataDir}/settlements/${DAY}.xlsx`);
      const sheet = workbook.getWorksheet(`settlement ${DAY}`)!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]).toEqual(
        'date,section,code,name,completed_count,completed_amount_krw,cancelled_count,cancelled_amount_krw,net_amount_krw'.split(
          ',',
        ),
      );
      expect(rows).toContainEqual([DAY, 'TOTAL', '', '합계', 7, 18_000, 3, 11_000, 7_000]);
      expect(rows).toContainEqual([DAY, 'BANK', '004', 'KB국민은행', 1, 5_000, 1, 5_000, 0]);
      expect(rows).toHaveLength(1 + 1 + 2 + 4 + 2); // header, total, methods, issuers, banks
      sheet.eachRow((row, number) => {
        if (number === 1) return;
        expect(row.getCell(3).type).toBe(ValueType.String);
        expect(row.getCell(3).numFmt).toBe('@');
        expect(row.getCell(6).type).toBe(ValueType.Number);
      });
    });

    it('rewrites lost report files on the next close call (repair after a crash)', async () => {
      const folder = `${t.dataDir}/settlements`;
      const xlsx = fs.readFileSync(`${folder}/${DAY}.xlsx`);
      fs.rmSync(`${folder}/${DAY}.json`);
      fs.writeFileSync(`${folder}/${DAY}.csv`, 'half a file');
      fs.rmSync(`${folder}/${DAY}.xlsx`);
      await closedReport(t, DAY);
      expect(JSON.parse(fs.readFileSync(`${folder}/${DAY}.json`, 'utf8'))).toEqual(report);
      expect(fs.readFileSync(`${folder}/${DAY}.csv`, 'utf8')).toContain('합계');
      // Derived from the event alone: the same bytes as the first time, however late.
      expect(fs.readFileSync(`${folder}/${DAY}.xlsx`).equals(xlsx)).toBe(true);
    });
  });

  describe('R19 after the close', () => {
    it('shows a payment of the closed day as SETTLED, and refuses its cancellation without calling the PG', async () => {
      const { paymentId } = paid.shinhan!;
      const payment = await t.get('client', `/v1/payments/${paymentId}`);
      expect(payment.body).toMatchObject({
        status: 'COMPLETED',
        cancellable: false,
        cancelBlockedReason: 'SETTLED',
      });
      expectSettled(await t.post('client', `/v1/payments/${paymentId}/cancel`));
      expect(gateway.callsFor(paymentId)).toBe(0);
      expect(await t.paymentEvents(paymentId)).toEqual(['PaymentRequested', 'PaymentCompleted']);
    });
  });

  describe('R18 two closes of one day at the same moment', () => {
    it('records exactly one SettlementClosed and answers both with the same report', async () => {
      moveClockTo(t.clock, '00:00', 1);
      const [first, second, third] = await Promise.all([
        closeDay(t, NEXT_DAY),
        closeDay(t, NEXT_DAY),
        closeDay(t, NEXT_DAY),
      ]);
      for (const response of [first, second, third]) expect(response.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(third.body).toEqual(first.body);
      expect((first.body as SettlementBody).completed).toEqual({ count: 1, amount: 8_000 });
      expect((first.body as SettlementBody).byIssuer).toEqual({
        LOTTE: { completed: { count: 1, amount: 8_000 }, cancelled: { count: 0, amount: 0 } },
      });
      expect(await settlementEvents(t.store, NEXT_DAY)).toEqual([
        'SettlementCloseStarted',
        'SettlementClosed',
      ]);
    });
  });

  describe('R19 many cancellations of one day at once', () => {
    it('all reserve and release their place, and the close counts every one of them', async () => {
      moveClockTo(t.clock, '10:00', 1);
      const day = t.clock.now().toFormat('yyyy-MM-dd');
      const payments: PaymentBody[] = [];
      for (let i = 0; i < 30; i += 1) payments.push(await completedCardPayment(t));
      const responses = await Promise.all(
        payments.map(({ paymentId }) => t.post('client', `/v1/payments/${paymentId}/cancel`)),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));

      moveClockTo(t.clock, '00:00', 1);
      const report = await closedReport(t, day);
      expect(report.completed).toEqual({ count: 30, amount: 30_000 });
      expect(report.cancelled).toEqual({ count: 30, amount: 30_000 });
      const events = await settlementEvents(t.store, day);
      expect(events.filter((type) => type === 'SettlementCancellationReserved')).toHaveLength(30);
      expect(events.filter((type) => type === 'SettlementCancellationReleased')).toHaveLength(30);
    });
  });
});
