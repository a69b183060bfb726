import { DateTime } from 'luxon';
import { businessDate, isoInstant, parseIsoInstant } from './business-time';
import { formatKrw } from './money';
import { normalisePhoneNumber } from './payer';
import { DEFAULT_LEDGER_POLICY, ledgerPolicyProblems } from './policy';
import {
  expiresAt,
  PAYER_GUARD_EVENT_SCHEMA_VERSIONS,
  PAYMENT_EVENT_SCHEMA_VERSIONS,
  PAYMENT_EVENT_TYPES,
  paymentIdOfStream,
  paymentStreamId,
  payerStreamId,
  settlementStreamId,
  statusLabel,
  assertNever,
  InvariantViolation,
} from './index';
import { kst } from './test/decider-spec';

describe('stream names are built in one place', () => {
  it('names payment, payer and settlement streams', () => {
    expect(paymentStreamId('3f2a-91')).toBe('payment-3f2a-91');
    expect(payerStreamId('member-m-1001')).toBe('payer-member-m-1001');
    expect(settlementStreamId('2026-12-01')).toBe('settlement-2026-12-01');
    expect(paymentIdOfStream('payment-3f2a-91')).toBe('3f2a-91');
    expect(paymentIdOfStream('settlement-2026-12-01')).toBeNull();
  });

  it('names the settlement stream of an instant by its KST day', () => {
    // 15:30 UTC on 1 December is 00:30 on 2 December in Seoul.
    expect(settlementStreamId(DateTime.fromISO('2026-12-01T15:30:00Z', { zone: 'utc' }))).toBe(
      'settlement-2026-12-02',
    );
  });

  it('refuses names that are not ids or days (a bug in the caller)', () => {
    expect(() => paymentStreamId('')).toThrow();
    expect(() => paymentStreamId('a/b')).toThrow();
    expect(() => settlementStreamId('2026-02-30')).toThrow();
    expect(() => settlementStreamId('20261201')).toThrow();
  });
});

describe('time: KST business dates and instants with offset', () => {
  it('gives the KST calendar day of an instant', () => {
    expect(businessDate(kst('2026-12-01T23:59:59.999'))).toBe('2026-12-01');
    expect(businessDate(kst('2026-12-02T00:00:00.000'))).toBe('2026-12-02');
    expect(businessDate('2026-12-01T14:59:59.999Z')).toBe('2026-12-01');
    expect(businessDate('2026-12-01T15:00:00.000Z')).toBe('2026-12-02');
  });

  it('writes instants in KST with milliseconds and offset', () => {
    expect(isoInstant(DateTime.fromISO('2026-12-01T01:00:00Z'))).toBe(
      '2026-12-01T10:00:00.000+09:00',
    );
  });

  it('reads only instants that name their offset', () => {
    expect(parseIsoInstant('2026-12-01T10:00:00+09:00')?.toMillis()).toBe(
      DateTime.fromISO('2026-12-01T01:00:00Z').toMillis(),
    );
    expect(parseIsoInstant('2026-12-01T10:00:00')).toBeNull();
    expect(parseIsoInstant('not a date Z')).toBeNull();
  });

  it('gives a transfer its deadline and a card none (R5)', () => {
    const requestedAt = kst('2026-12-01T10:00');
    expect(expiresAt('BANK_TRANSFER', requestedAt, DEFAULT_LEDGER_POLICY)?.toISO()).toBe(
      '2026-12-01T10:15:00.000+09:00',
    );
    expect(expiresAt('CARD', requestedAt, DEFAULT_LEDGER_POLICY)).toBeNull();
  });
});

describe('labels, money and policy', () => {
  it('labels statuses as the FAQ does', () => {
    expect(
      ['REQUESTED', 'COMPLETED', 'FAILED', 'CANCELLED'].map((s) => statusLabel(s as never)),
    ).toEqual(['결제준비', '결제완료', '결제실패', '결제취소']);
  });

  it('formats KRW as integers', () => {
    expect(formatKrw(300_000, { manwon: true })).toBe('30만원');
    expect(formatKrw(1_234_000)).toBe('1,234,000원');
    expect(() => formatKrw(1.5)).toThrow();
  });

  it('accepts the default policy and names what is wrong with a bad one', () => {
    expect(ledgerPolicyProblems(DEFAULT_LEDGER_POLICY)).toEqual([]);
    expect(
      ledgerPolicyProblems({
        ...DEFAULT_LEDGER_POLICY,
        feePerJudgmentKrw: 999.5,
        certificateThresholdKrw: { CARD: -1, BANK_TRANSFER: null },
      }),
    ).toEqual([
      'feePerJudgmentKrw must be a positive integer',
      'certificateThresholdKrw.CARD must be null or a non-negative integer',
    ]);
  });

  it('normalises phone numbers before they are hashed (R15)', () => {
    expect(normalisePhoneNumber('010-1234-5678')).toBe('01012345678');
    expect(normalisePhoneNumber(' 02-123-4567 ')).toBe('021234567');
    expect(normalisePhoneNumber('1234-5678')).toBeNull();
    expect(normalisePhoneNumber('010-1234-56789')).toBeNull();
  });

  it('versions every event type', () => {
    expect(PAYMENT_EVENT_TYPES).toHaveLength(12);
    expect(Object.values(PAYMENT_EVENT_SCHEMA_VERSIONS).every((v) => v === 1)).toBe(true);
    expect(PAYER_GUARD_EVENT_SCHEMA_VERSIONS).toEqual({
      PendingTransferHeld: 1,
      PendingTransferReleased: 1,
    });
  });
});

describe('a bug report never carries what it was handed (R25)', () => {
  it('names only the tag of an unexpected value, not its fields', () => {
    // Given a guest payer's fields where a switch expected something else
    const guest = {
      type: 'GUEST',
      verificationId: 'v-1',
      phoneKey: 'hmac-sha256:3b1f0c9e',
      passwordHash: 'scrypt-phone$131072$8$1$c2FsdA$aGFzaA',
    };

    // When assertNever reports it
    const report = (): never => assertNever(guest as never, 'payer');

    // Then the message says which kind of value it was and nothing more
    expect(report).toThrow(InvariantViolation);
    expect(report).toThrow('Unexpected payer: type "GUEST"');
    expect(() => assertNever({ phone: '010-1234-5678' } as never)).toThrow(
      'Unexpected value: an object of another shape',
    );
    expect(() => assertNever(42 as never)).toThrow('Unexpected value: a number');
  });
});
