/**
 * R18 in O(day) (issue 12): a close reads the log from the cut of the latest close made before its
 * day began, not from the start of the log, and still counts a completion whose request lies
 * before that point (a card request approved days later) under its own issuer.
 */
import { START, type ReadAllOptions } from '@lib/event-store';
import { closedReport } from './support/settlement-fixtures';
import {
  cardPaymentBody,
  completePayment,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  type PaymentBody,
  type TestApp,
} from './support/test-app';

describe('A close reads the log from shortly before its day, not from the start', () => {
  let t: TestApp;
  let old: PaymentBody;
  let firstCut: bigint;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-27T10:00:00+09:00' });
    // Requested on 11-27, answered by the PG only on 11-29.
    old = await requestPayment(t, cardPaymentBody(3, newMemberId(), 'HYUNDAI'));
    await completePayment(t, await requestPayment(t, cardPaymentBody(1, newMemberId())));
    moveClockTo(t.clock, '00:05', 1);
    const first = await closedReport(t, '2026-11-27');
    expect(first.completed.count).toBe(1);
    const digest = (await t.get('auditor', '/v1/audit/digests/2026-11-27').expect(200)).body as {
      cut: string;
    };
    firstCut = BigInt(digest.cut);

    moveClockTo(t.clock, '11:00');
    await completePayment(t, await requestPayment(t, cardPaymentBody(2, newMemberId())));
    moveClockTo(t.clock, '00:05', 1);
    await closedReport(t, '2026-11-28');

    moveClockTo(t.clock, '09:30');
    await completePayment(t, old);
    await completePayment(t, await requestPayment(t, cardPaymentBody(1, newMemberId())));
    moveClockTo(t.clock, '00:05', 1);
  });
  afterAll(() => t.close());

  it('given two earlier closes, when 11-29 closes, then its scan starts at the first close’s cut and the old request is still counted under its issuer', async () => {
    const reads: ReadAllOptions[] = [];
    const readAll = t.store.readAll.bind(t.store);
    const spy = jest.spyOn(t.store, 'readAll').mockImplementation((options) => {
      reads.push(options ?? {});
      return readAll(options);
    });
    let report;
    try {
      report = await closedReport(t, '2026-11-29');
    } finally {
      spy.mockRestore();
    }

    const forwardFrom = reads
      .filter((options) => options.direction !== 'backwards' && options.maxCount !== 1)
      .map((options) => options.fromPosition);
    expect(forwardFrom.length).toBeGreaterThan(0);
    expect(forwardFrom).not.toContain(START);
    expect(forwardFrom).not.toContain(undefined);
    for (const from of forwardFrom) {
      expect((from as { commit: bigint }).commit).toBeGreaterThanOrEqual(firstCut);
    }
    expect(report).toMatchObject({
      completed: { count: 2, amount: 4000 },
      byIssuer: {
        HYUNDAI: { completed: { count: 1, amount: 3000 } },
        SHINHAN: { completed: { count: 1, amount: 1000 } },
      },
    });
  });
});
