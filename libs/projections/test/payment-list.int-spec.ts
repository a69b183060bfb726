import { DateTime } from 'luxon';
import { MemoryEventStore } from '@lib/event-store';
import { BUSINESS_ZONE, type GuestPayer, type Payer, type PaymentEvent } from '@lib/ledger';
import {
  InvalidCursorError,
  listGuestPasswordHashes,
  listPayerPayments,
  paymentListStart,
  type ListPaymentsQuery,
} from '../src/payments';
import type { ReadModelDatabase } from '../src/projection';
import { openReadModelDatabase } from '../src/read-model-database';
import { appendPaymentEvents, kst, MEMBER, requested } from './support/events';
import { lastPositionOf, runnerOver } from './support/read-models';

const OTHER_MEMBER: Payer = { type: 'MEMBER', memberId: 'm-2002' };
const guest = (verificationId: string, passwordHash: string): GuestPayer => ({
  type: 'GUEST',
  verificationId,
  phoneKey: 'hmac-sha256:phone-1',
  passwordHash,
});

async function readModelOf(events: readonly PaymentEvent[]): Promise<ReadModelDatabase> {
  const store = new MemoryEventStore();
  await appendPaymentEvents(store, events);
  const db = openReadModelDatabase(':memory:');
  const runner = runnerOver(store, db);
  await runner.start();
  await runner.waitForPosition(await lastPositionOf(store));
  await runner.stop();
  await store.close();
  return db;
}

const ids = (db: ReadModelDatabase, query: Partial<ListPaymentsQuery> = {}) =>
  listPayerPayments(db, {
    payerKey: 'member-m-1001',
    since: '2026-01-01',
    limit: 100,
    ...query,
  }).payments.map((payment) => payment.paymentId);

/** Every page of a list, following nextCursor to the end. */
function allPages(db: ReadModelDatabase, limit: number): string[][] {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = listPayerPayments(db, {
      payerKey: 'member-m-1001',
      since: '2026-01-01',
      limit,
      cursor,
    });
    pages.push(page.payments.map((payment) => payment.paymentId));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

describe('R14 payment list: newest first', () => {
  it('given payments at different instants, then they come newest first, ties by payment id', async () => {
    const db = await readModelOf([
      requested('p-b', kst('2026-11-30T10:00')),
      requested('p-a', kst('2026-11-30T10:00')),
      requested('p-c', kst('2026-12-01T09:00')),
      requested('p-old', kst('2026-11-01T09:00')),
    ]);
    expect(ids(db)).toEqual(['p-c', 'p-b', 'p-a', 'p-old']);
  });

  it('given an instant written in UTC, then it is ordered by the instant, not by its text', async () => {
    const db = await readModelOf([
      // 23:30 KST on the 30th, and 00:00 KST on the 1st written in UTC (its text sorts first).
      requested('p-kst', kst('2026-11-30T23:30')),
      requested('p-utc', '2026-11-30T15:00:00.000Z'),
    ]);
    expect(ids(db)).toEqual(['p-utc', 'p-kst']);
  });

  it('given another payer, then their payments are not in the list (R15)', async () => {
    const db = await readModelOf([
      requested('p-mine', kst('2026-11-30T10:00')),
      requested('p-theirs', kst('2026-11-30T11:00'), OTHER_MEMBER),
    ]);
    expect(ids(db)).toEqual(['p-mine']);
  });
});

describe('R14 payment list: cursor pagination', () => {
  const events = Array.from({ length: 23 }, (_, i) =>
    // Three payments per instant, so that pages end in the middle of a tie.
    requested(`p-${String(i).padStart(2, '0')}`, kst(`2026-11-${10 + Math.floor(i / 3)}T10:00`)),
  );

  it('given 23 payments and pages of 5, then the pages hold every payment once, in order', async () => {
    const db = await readModelOf(events);
    const pages = allPages(db, 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.flat()).toEqual(ids(db));
    expect(new Set(pages.flat()).size).toBe(23);
  });

  it('given a page that ends exactly at the last payment, then its nextCursor is null', async () => {
    const db = await readModelOf(events.slice(0, 10));
    expect(allPages(db, 5).map((page) => page.length)).toEqual([5, 5]);
  });

  it('given a payment made between two page requests, then the next page neither repeats nor skips one', async () => {
    const store = new MemoryEventStore();
    await appendPaymentEvents(store, events);
    const db = openReadModelDatabase(':memory:');
    const runner = runnerOver(store, db);
    await runner.start();
    await runner.waitForPosition(await lastPositionOf(store));
    const query = { payerKey: 'member-m-1001', since: '2026-01-01', limit: 10 };
    const first = listPayerPayments(db, query);

    await appendPaymentEvents(store, [requested('p-new', kst('2026-12-01T10:00'))]);
    await runner.waitForPosition(await lastPositionOf(store));
    const second = listPayerPayments(db, { ...query, cursor: first.nextCursor });
    await runner.stop();

    const shown = [...first.payments, ...second.payments].map((payment) => payment.paymentId);
    expect(shown).toEqual(
      ids(db)
        .filter((id) => id !== 'p-new')
        .slice(0, 20),
    );
  });

  it('given a cursor that was not made by the list, then it is refused with InvalidCursorError', async () => {
    const db = await readModelOf(events.slice(0, 2));
    const encoded = (json: string) => Buffer.from(json).toString('base64url');
    for (const cursor of [
      '',
      'nonsense',
      encoded('{}'),
      encoded('[1,2,3]'),
      encoded('[1.5,"p"]'),
    ]) {
      expect(() => ids(db, { cursor })).toThrow(InvalidCursorError);
    }
  });

  it('given a limit outside 1…100, then it is refused', async () => {
    const db = await readModelOf(events.slice(0, 2));
    expect(() => ids(db, { limit: 0 })).toThrow(RangeError);
    expect(() => ids(db, { limit: 101 })).toThrow(RangeError);
  });
});

describe('R14 payment list: the 3-month window (FAQ II.3 "3개월 전의 내역까지", KST)', () => {
  const now = (wallClock: string) => DateTime.fromISO(wallClock, { zone: BUSINESS_ZONE });

  it('given today is the 1st, then the list starts at 00:00 KST on the 1st three months back', async () => {
    const since = paymentListStart(now('2026-12-01T09:00'));
    expect(since).toBe('2026-09-01');
    const db = await readModelOf([
      requested('p-out', kst('2026-08-31T23:59:59.999')),
      requested('p-in', kst('2026-09-01T00:00:00.000')),
    ]);
    expect(ids(db, { since })).toEqual(['p-in']);
  });

  it('given today is mid-month, then the list starts on the same day three months back', async () => {
    const since = paymentListStart(now('2026-12-15T23:59:59'));
    expect(since).toBe('2026-09-15');
    const db = await readModelOf([
      requested('p-out', kst('2026-09-14T23:59:59')),
      requested('p-in', kst('2026-09-15T00:00')),
    ]);
    expect(ids(db, { since })).toEqual(['p-in']);
  });

  it('given a day with no counterpart three months back, then the list starts on that month’s last day', () => {
    expect(paymentListStart(now('2026-05-31T12:00'))).toBe('2026-02-28');
    expect(paymentListStart(now('2028-05-31T12:00'))).toBe('2028-02-29');
    expect(paymentListStart(now('2026-03-31T00:00'))).toBe('2025-12-31');
  });

  it('given now just after midnight KST (still the previous day in UTC), then the KST day counts', () => {
    // 2026-11-30T15:00Z is 2026-12-01T00:00 KST.
    expect(paymentListStart(DateTime.fromISO('2026-11-30T15:00:00Z'))).toBe('2026-09-01');
    expect(paymentListStart(DateTime.fromISO('2026-11-30T14:59:59Z'))).toBe('2026-08-30');
  });

  it('given a payment written in UTC at the window’s first instant, then it is in', async () => {
    const db = await readModelOf([
      requested('p-out', '2026-08-31T14:59:59.999Z'),
      requested('p-in', '2026-08-31T15:00:00.000Z'),
    ]);
    expect(ids(db, { since: '2026-09-01' })).toEqual(['p-in']);
  });
});

describe('R15 guest look-up by phone key', () => {
  const events = [
    requested('g-1', kst('2026-11-01T10:00'), guest('ver-1', 'hash-a')),
    requested('g-2', kst('2026-11-02T10:00'), guest('ver-1', 'hash-b')),
    requested('g-3', kst('2026-11-03T10:00'), guest('ver-2', 'hash-a')),
    requested('g-old', kst('2026-07-01T10:00'), guest('ver-1', 'hash-old')),
    requested('m-1', kst('2026-11-04T10:00'), MEMBER),
  ];
  const byPhone = (db: ReadModelDatabase, passwordHashes?: string[]) =>
    listPayerPayments(db, {
      phoneKey: 'hmac-sha256:phone-1',
      passwordHashes,
      since: '2026-09-01',
      limit: 10,
    }).payments.map((payment) => payment.paymentId);

  it('given payments with several passwords, then the hashes to check are the distinct ones in the window', async () => {
    const db = await readModelOf(events);
    expect(listGuestPasswordHashes(db, 'hmac-sha256:phone-1', '2026-09-01')).toEqual([
      'hash-a',
      'hash-b',
    ]);
  });

  it('given the hashes the password matched, then only those payments are listed', async () => {
    const db = await readModelOf(events);
    expect(byPhone(db, ['hash-a'])).toEqual(['g-3', 'g-1']);
    expect(byPhone(db, [])).toEqual([]);
    expect(byPhone(db)).toEqual(['g-3', 'g-2', 'g-1']);
  });
});
