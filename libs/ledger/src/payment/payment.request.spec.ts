import { CARD_ISSUER_CODES } from '../payment-methods';
import { ctxAt, spec } from '../test/decider-spec';
import {
  card,
  GUEST,
  judgments,
  requested,
  requestPayment,
  requestTransfer,
  transfer,
} from '../test/payment.fixtures';
import { paymentDecider } from './payment.decide';
import type { PaymentRequested } from './payment.events';
import { statusLabel } from './payment.errors';

const payment = spec(paymentDecider);
const at10 = () => ctxAt('2026-12-01T10:00');

describe('R1 methods are card (issuer → auth scheme) and bank transfer (bank code) only', () => {
  it('records a card payment with the issuer and its auth scheme', () => {
    payment
      .given()
      .when(requestPayment({ cardIssuer: 'SHINHAN' }), at10())
      .then([requested()]);
  });

  it.each([
    ['BC', 'ISP'],
    ['KB', 'ISP'],
    ['SHINHYUP', 'ISP'],
    ['SAMSUNG', 'MPI'],
    ['NH', 'MPI'],
  ] as const)('maps issuer %s to %s', (cardIssuer, authScheme) => {
    const [event] = payment.given().when(requestPayment({ cardIssuer }), at10()).decision()
      .events as PaymentRequested[];
    expect(event?.data.instrument).toEqual({ method: 'CARD', cardIssuer, authScheme });
  });

  it('accepts every issuer of the table', () => {
    for (const cardIssuer of CARD_ISSUER_CODES) {
      expect(
        payment.given().when(requestPayment({ cardIssuer }), at10()).decision().refusal,
      ).toBeUndefined();
    }
  });

  it('records a bank transfer with its bank code and a deadline', () => {
    payment
      .given()
      .when(requestTransfer({ bankCode: '004' }), at10())
      .then([requested({ instrument: transfer('004') })]);
  });

  it('refuses an unknown card issuer', () => {
    payment
      .given()
      .when(requestPayment({ cardIssuer: 'VISA' }), at10())
      .thenRefused({
        code: 'VALIDATION_FAILED',
        field: 'cardIssuer',
        reason: 'UNKNOWN_CARD_ISSUER',
      });
  });

  it('refuses a card payment without an issuer', () => {
    payment
      .given()
      .when(requestPayment({ cardIssuer: null }), at10())
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'cardIssuer' });
  });

  it.each(['999', '4', '0004', ''])('refuses the unknown bank code %p', (bankCode) => {
    payment.given().when(requestTransfer({ bankCode }), at10()).thenRefused({
      code: 'VALIDATION_FAILED',
      field: 'bankCode',
      reason: 'UNKNOWN_BANK_CODE',
    });
  });

  it.each(['CASH', 'card', 'VIRTUAL_ACCOUNT'])('refuses the method %p', (method) => {
    payment
      .given()
      .when(requestPayment({ method }), at10())
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'method', reason: 'INVALID_METHOD' });
  });

  it('refuses a card payment that also names a bank', () => {
    payment
      .given()
      .when(requestPayment({ bankCode: '004' }), at10())
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'bankCode', reason: 'INVALID_METHOD' });
  });
});

describe('R2 fee per judgment, 1..max distinct well-formed judgments', () => {
  it('charges 1,000 KRW per judgment by default', () => {
    const [event] = payment
      .given()
      .when(requestPayment({ items: judgments(5) }), at10())
      .decision().events as PaymentRequested[];
    expect(event?.data.amountKrw).toBe(5_000);
    expect(event?.data.items.map((item) => item.feeKrw)).toEqual([
      1_000, 1_000, 1_000, 1_000, 1_000,
    ]);
    expect(Number.isSafeInteger(event?.data.amountKrw)).toBe(true);
  });

  it('takes the fee from the policy', () => {
    const ctx = ctxAt('2026-12-01T10:00', { policy: { feePerJudgmentKrw: 1_500 } });
    payment
      .given()
      .when(requestPayment(), ctx)
      .then([requested({ feeKrw: 1_500 })]);
  });

  it('refuses a payment without items', () => {
    payment
      .given()
      .when(requestPayment({ items: [] }), at10())
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'items', reason: 'NO_ITEMS' });
  });

  it('accepts exactly 1,000 items and refuses 1,001', () => {
    const thousand = payment.given().when(requestPayment({ items: judgments(1_000) }), at10());
    expect(thousand.decision().refusal).toBeUndefined();
    payment
      .given()
      .when(requestPayment({ items: judgments(1_001) }), at10())
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'items', reason: 'TOO_MANY_ITEMS' });
  });

  it('takes the item limit from the policy', () => {
    const ctx = ctxAt('2026-12-01T10:00', { policy: { maxItemsPerPayment: 2 } });
    payment
      .given()
      .when(requestPayment({ items: judgments(3) }), ctx)
      .thenRefused({
        reason: 'TOO_MANY_ITEMS',
        message: '한 번에 최대 2건까지 결제할 수 있습니다.',
      });
  });

  it('refuses the same judgment twice in one payment', () => {
    const items = [judgments(2)[0]!, judgments(2)[1]!, judgments(2)[0]!];
    payment
      .given()
      .when(requestPayment({ items }), at10())
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'items[2]', reason: 'DUPLICATE_ITEM' });
  });

  it('sees the same judgment through spacing and Unicode normalisation', () => {
    const items = [
      { court: '서울중앙지방법원', caseNumber: '2024가합1' },
      { court: ' 서울중앙지방법원 ', caseNumber: '2024가합1'.normalize('NFD') },
    ];
    payment
      .given()
      .when(requestPayment({ items }), at10())
      .thenRefused({ reason: 'DUPLICATE_ITEM' });
  });

  it('accepts the same case number at two courts', () => {
    const items = [
      { court: '서울중앙지방법원', caseNumber: '2024가합1' },
      { court: '부산지방법원', caseNumber: '2024가합1' },
    ];
    expect(
      payment.given().when(requestPayment({ items }), at10()).decision().refusal,
    ).toBeUndefined();
  });

  it.each(['2024가합12345', '2023고단987', '2024가1', '2024가나다라1234567', ' 2024나123 '])(
    'accepts the case number %p',
    (caseNumber) => {
      const items = [{ court: '서울고등법원', caseNumber }];
      expect(
        payment.given().when(requestPayment({ items }), at10()).decision().refusal,
      ).toBeUndefined();
    },
  );

  it.each([
    '24가합123',
    '2024가합',
    '가합12345',
    '2024 가합123',
    '2024가합12345678',
    '2024가나다라마1',
    '2024abc123',
    '2024ㄱ123',
    '２０２４가합１',
    '',
  ])('refuses the case number %p', (caseNumber) => {
    const items = [{ court: '서울고등법원', caseNumber }];
    payment.given().when(requestPayment({ items }), at10()).thenRefused({
      code: 'VALIDATION_FAILED',
      field: 'items[0].caseNumber',
      reason: 'INVALID_CASE_NUMBER',
    });
  });

  it.each(['서', '', '   ', '서울@법원', '가'.repeat(41), 'Court<script>'])(
    'refuses the court name %p',
    (court) => {
      const items = [{ court, caseNumber: '2024가합1' }];
      payment.given().when(requestPayment({ items }), at10()).thenRefused({
        code: 'VALIDATION_FAILED',
        field: 'items[0].court',
        reason: 'INVALID_COURT',
      });
    },
  );

  it('stores court names trimmed and with single spaces', () => {
    const items = [{ court: '  서울중앙지방법원   민사부 ', caseNumber: '2024가합1' }];
    const [event] = payment.given().when(requestPayment({ items }), at10()).decision()
      .events as PaymentRequested[];
    expect(event?.data.items[0]?.court).toBe('서울중앙지방법원 민사부');
  });

  it('lists every violation, the first one on top', () => {
    const refusal = payment
      .given()
      .when(
        requestPayment({
          cardIssuer: 'VISA',
          items: [{ court: '서', caseNumber: 'x' }],
        }),
        at10(),
      )
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'cardIssuer' });
    expect(refusal.code === 'VALIDATION_FAILED' && refusal.violations.map((v) => v.field)).toEqual([
      'cardIssuer',
      'items[0].court',
      'items[0].caseNumber',
    ]);
  });
});

describe('R4 a new payment starts REQUESTED (결제준비)', () => {
  it('is REQUESTED after the request', () => {
    const state = payment.given(requested()).state();
    expect(state.status).toBe('REQUESTED');
    expect(state.status !== 'NONE' && statusLabel(state.status)).toBe('결제준비');
  });

  it('gives each item its own id from the context', () => {
    const [event] = payment.given().when(requestPayment(), at10()).decision()
      .events as PaymentRequested[];
    expect(event?.data.items.map((item) => item.itemId)).toEqual(['item-1', 'item-2', 'item-3']);
  });

  it('treats a second request on the same stream as a bug', () => {
    payment
      .given(requested())
      .when(requestPayment(), at10())
      .thenThrows(/already exists/);
  });

  it('refuses an unknown member id and a guest without a password hash', () => {
    payment
      .given()
      .when(requestPayment({ payer: { type: 'MEMBER', memberId: 'm 1001' } }), at10())
      .thenRefused({ field: 'payer.memberId', reason: 'INVALID_PAYER' });
    payment
      .given()
      .when(requestPayment({ payer: { ...GUEST, passwordHash: '' } }), at10())
      .thenRefused({ field: 'payer.passwordHash', reason: 'INVALID_PAYER' });
  });

  it('records a guest by verification id, phone key and password hash only (R15)', () => {
    payment
      .given()
      .when(requestPayment({ payer: GUEST }), at10())
      .then([requested({ payer: GUEST })]);
  });

  it('treats a clear phone number in place of the phone key as a bug (R15)', () => {
    payment
      .given()
      .when(requestPayment({ payer: { ...GUEST, phoneKey: '010-1234-5678' } }), at10())
      .thenThrows(/keyed hash/);
  });

  it('writes plain JSON: integers for money, ISO strings with offset for time', () => {
    const { events } = payment.given().when(requestTransfer(), at10()).decision();
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    const [event] = events as PaymentRequested[];
    expect(event?.data.requestedAt).toBe('2026-12-01T10:00:00.000+09:00');
    expect(event?.data.expiresAt).toBe('2026-12-01T10:15:00.000+09:00');
  });

  it('decides the same events for the same command and context (replay)', () => {
    const first = payment.given().when(requestPayment(), at10()).decision();
    const second = payment.given().when(requestPayment(), at10()).decision();
    expect(second).toEqual(first);
  });

  it('records a card payment with no deadline', () => {
    payment
      .given()
      .when(requestPayment(), at10())
      .then([requested({ instrument: card() })]);
  });
});
