import { validateBody, fieldsOf } from '../../http/validation/test/validate-body';
import { REQUEST_LIMITS } from '../../http/limits';
import { GuestPayerDto, MemberPayerDto } from '../shared/payer.dto';
import { PaymentItemDto } from '../shared/payment-item.dto';
import { RequestPaymentDto } from './request-payment.dto';

const member = { type: 'MEMBER', memberId: 'm-1001' };
const guest = {
  type: 'GUEST',
  verificationId: 'v.2026_03-01',
  phone: '010-1234-5678',
  password: 's3cret!',
};
const item = { court: '서울중앙지방법원', caseNumber: '2024가합12345' };
const cardPayment = { payer: member, method: 'CARD', cardIssuer: 'SHINHAN', items: [item] };
const transferPayment = { payer: guest, method: 'BANK_TRANSFER', bankCode: '004', items: [item] };

function items(count: number): { court: string; caseNumber: string }[] {
  return Array.from({ length: count }, (_, index) => ({
    court: '서울중앙지방법원',
    caseNumber: `2024가합${index + 1}`,
  }));
}

async function expectValid(body: unknown): Promise<RequestPaymentDto> {
  const result = await validateBody(RequestPaymentDto, body);
  if (!result.ok) {
    throw new Error(`expected valid, got ${JSON.stringify(result.violations)}`);
  }
  return result.value;
}

async function expectInvalid(body: unknown, field: string): Promise<void> {
  const result = await validateBody(RequestPaymentDto, body);
  expect(result.ok).toBe(false);
  expect(fieldsOf(result)).toContain(field);
  if (!result.ok) {
    expect(result.code).toBe('VALIDATION_FAILED');
    for (const violation of result.violations) {
      expect(violation.message).toMatch(/[가-힣]/);
    }
  }
}

describe('RequestPaymentDto (POST /v1/payments body)', () => {
  describe('a valid request', () => {
    it('accepts a member paying by card and gives back class instances', async () => {
      const dto = await expectValid(cardPayment);
      expect(dto).toBeInstanceOf(RequestPaymentDto);
      expect(dto.payer).toBeInstanceOf(MemberPayerDto);
      expect(dto.items[0]).toBeInstanceOf(PaymentItemDto);
    });

    it('accepts a guest paying by bank transfer', async () => {
      const dto = await expectValid(transferPayment);
      expect(dto.payer).toBeInstanceOf(GuestPayerDto);
      expect(dto).toMatchObject({ method: 'BANK_TRANSFER', bankCode: '004' });
    });
  });

  describe('R2 items: 1..1,000 distinct judgments', () => {
    it(`accepts exactly ${REQUEST_LIMITS.itemsPerPaymentMax} items`, async () => {
      const dto = await expectValid({ ...cardPayment, items: items(1000) });
      expect(dto.items).toHaveLength(1000);
    });

    it('refuses 1,001 items', async () => {
      await expectInvalid({ ...cardPayment, items: items(1001) }, 'items');
    });

    it('reports a missing list once, not with every rule about its contents', async () => {
      const result = await validateBody(RequestPaymentDto, { ...cardPayment, items: undefined });
      expect(result).toMatchObject({
        ok: false,
        violations: [{ field: 'items', message: '사건 목록(items)은 배열이어야 합니다.' }],
      });
    });

    it('refuses an empty list', async () => {
      await expectInvalid({ ...cardPayment, items: [] }, 'items');
    });

    it('refuses the same judgment twice', async () => {
      await expectInvalid({ ...cardPayment, items: [item, { ...item }] }, 'items');
    });

    it('accepts the same case number at two courts (a judgment is court + number)', async () => {
      await expectValid({
        ...cardPayment,
        items: [item, { court: '서울고등법원', caseNumber: item.caseNumber }],
      });
    });

    it.each([
      ['an object instead of an array', { 0: item }, 'items'],
      ['a string', 'items', 'items'],
      ['null', null, 'items'],
      ['a null item', [null], 'items[0]'],
      ['a string item', ['2024가합1'], 'items[0]'],
      ['an item wrapped in an array', [[item]], 'items'],
      ['an item with an extra property', [{ ...item, fee: 1000 }], 'items[0].fee'],
    ])('refuses items as %s', async (_, value, field) => {
      await expectInvalid({ ...cardPayment, items: value }, field);
    });
  });

  describe('R2 case number: 4-digit year, 1–4 Hangul syllables, 1–7 digits', () => {
    it.each(['2024가합12345', '2023고단987', '2024가1', '2024가나다라1234567'])(
      'accepts %s',
      async (caseNumber) => {
        await expectValid({ ...cardPayment, items: [{ ...item, caseNumber }] });
      },
    );

    it.each([
      '24가합12345',
      '2024가합',
      '2024ga12345',
      '2024가합12345678',
      '2024가나다라마1',
      ' 2024가합1',
      '2024-가합-1',
      '２０２４가합1',
      '2024ㄱ합1',
      '',
    ])('refuses %p', async (caseNumber) => {
      await expectInvalid(
        { ...cardPayment, items: [{ ...item, caseNumber }] },
        'items[0].caseNumber',
      );
    });

    it('refuses a number', async () => {
      await expectInvalid(
        { ...cardPayment, items: [{ ...item, caseNumber: 202412345 }] },
        'items[0].caseNumber',
      );
    });

    it('accepts decomposed Hangul (NFD) and stores it composed', async () => {
      const dto = await expectValid({
        ...cardPayment,
        items: [
          { court: '서울중앙지방법원'.normalize('NFD'), caseNumber: '2024가합1'.normalize('NFD') },
        ],
      });
      expect(dto.items[0]).toEqual({ court: '서울중앙지방법원', caseNumber: '2024가합1' });
    });
  });

  describe('court: 2–40 characters of Hangul, letters, digits and spaces', () => {
    it.each(['서울중앙지방법원', '수원지방법원 안양지원', 'Seoul 1', '가나'])(
      'accepts %p',
      async (court) => {
        await expectValid({ ...cardPayment, items: [{ ...item, court }] });
      },
    );

    it.each(['서', '가'.repeat(41), ' 서울', '서울 ', '서울!', '서울\n법원', '  ', ''])(
      'refuses %p',
      async (court) => {
        await expectInvalid({ ...cardPayment, items: [{ ...item, court }] }, 'items[0].court');
      },
    );

    it('accepts exactly 40 characters', async () => {
      await expectValid({ ...cardPayment, items: [{ ...item, court: '가'.repeat(40) }] });
    });
  });

  describe('payer: MEMBER or GUEST', () => {
    it.each([
      ['missing', undefined, 'payer'],
      ['null', null, 'payer'],
      ['an array', [member], 'payer'],
      ['an array holding null', [null], 'payer'],
      ['a string', 'MEMBER', 'payer'],
      ['of an unknown type', { type: 'ALIEN', memberId: 'm-1' }, 'payer.type'],
      ['without a type', { memberId: 'm-1' }, 'payer.type'],
      ['a member without memberId', { type: 'MEMBER' }, 'payer.memberId'],
      ['a member with a space in memberId', { type: 'MEMBER', memberId: 'm 1' }, 'payer.memberId'],
      [
        'a member with a 65-character id',
        { type: 'MEMBER', memberId: 'm'.repeat(65) },
        'payer.memberId',
      ],
      ['a member with a numeric id', { type: 'MEMBER', memberId: 1001 }, 'payer.memberId'],
      ['a member with guest fields', { ...member, phone: '01012345678' }, 'payer.phone'],
      ['a guest without a password', { ...guest, password: undefined }, 'payer.password'],
      [
        'a guest without verificationId',
        { ...guest, verificationId: undefined },
        'payer.verificationId',
      ],
      ['a guest with a memberId', { ...guest, memberId: 'm-1' }, 'payer.memberId'],
    ])('refuses a payer %s', async (_, payer, field) => {
      await expectInvalid({ ...cardPayment, payer }, field);
    });

    it('accepts a 64-character memberId of letters, digits, dot, underscore and hyphen', async () => {
      await expectValid({
        ...cardPayment,
        payer: { type: 'MEMBER', memberId: 'a.B_9-'.repeat(10) + 'abcd' },
      });
    });

    it.each(['01012345678', '010-1234-5678', '02-123-4567', '0212345678', '031-123-4567'])(
      'accepts the phone number %s',
      async (phone) => {
        await expectValid({ ...transferPayment, payer: { ...guest, phone } });
      },
    );

    it.each([
      '1012345678',
      '010--1234-5678',
      '-01012345678',
      '010-1234-5678-',
      '010123456789',
      '01012345',
      '010 1234 5678',
      '+82-10-1234-5678',
    ])('refuses the phone number %p', async (phone) => {
      await expectInvalid({ ...transferPayment, payer: { ...guest, phone } }, 'payer.phone');
    });

    it('refuses a phone number sent as a number', async () => {
      await expectInvalid(
        { ...transferPayment, payer: { ...guest, phone: 1012345678 } },
        'payer.phone',
      );
    });

    it.each([
      ['3 characters', 'abc'],
      ['65 characters', 'x'.repeat(65)],
      ['a number', 12345678],
    ])('refuses a password of %s', async (_, password) => {
      await expectInvalid({ ...transferPayment, payer: { ...guest, password } }, 'payer.password');
    });

    it.each(['abcd', 'x'.repeat(64)])(
      'accepts a password of %#: 4 and 64 characters',
      async (password) => {
        await expectValid({ ...transferPayment, payer: { ...guest, password } });
      },
    );

    it('never repeats the phone number or the password in its messages', async () => {
      const phone = '010-9876-54321';
      const password = 'pw';
      const result = await validateBody(RequestPaymentDto, {
        ...transferPayment,
        payer: { ...guest, phone, password },
      });
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result);
      expect(text).not.toContain(phone);
      expect(text).not.toContain('"pw"');
    });
  });

  describe('R1 method: CARD with cardIssuer, BANK_TRANSFER with bankCode', () => {
    it.each([
      ['CARD without cardIssuer', { method: 'CARD' }, 'cardIssuer'],
      ['CARD with an unknown issuer', { method: 'CARD', cardIssuer: 'VISA' }, 'cardIssuer'],
      ['CARD with a lower-case issuer', { method: 'CARD', cardIssuer: 'shinhan' }, 'cardIssuer'],
      [
        'CARD with a bank code too',
        { method: 'CARD', cardIssuer: 'KB', bankCode: '004' },
        'bankCode',
      ],
      ['BANK_TRANSFER without bankCode', { method: 'BANK_TRANSFER' }, 'bankCode'],
      [
        'BANK_TRANSFER with an unknown bank',
        { method: 'BANK_TRANSFER', bankCode: '999' },
        'bankCode',
      ],
      [
        'BANK_TRANSFER with a numeric bank code',
        { method: 'BANK_TRANSFER', bankCode: 4 },
        'bankCode',
      ],
      [
        'BANK_TRANSFER with a card issuer too',
        { method: 'BANK_TRANSFER', bankCode: '004', cardIssuer: 'KB' },
        'cardIssuer',
      ],
      ['an unknown method', { method: 'CASH' }, 'method'],
      ['no method', {}, 'method'],
      ['a prototype property as issuer', { method: 'CARD', cardIssuer: 'toString' }, 'cardIssuer'],
    ])('refuses %s', async (_, methodFields, field) => {
      await expectInvalid({ payer: member, items: [item], ...methodFields }, field);
    });

    it('accepts every issuer and bank of the R1 tables', async () => {
      for (const cardIssuer of ['BC', 'KB', 'SAMSUNG', 'NH', 'SAVINGS_BANK']) {
        await expectValid({ ...cardPayment, cardIssuer });
      }
      for (const bankCode of ['004', '088', '020', '081', '011', '003', '071', '090', '092']) {
        await expectValid({ ...transferPayment, bankCode });
      }
    });

    it('reports an unknown method on method alone', async () => {
      const result = await validateBody(RequestPaymentDto, {
        ...cardPayment,
        method: 'CASH',
      });
      expect(fieldsOf(result)).toEqual(['method']);
    });
  });

  describe('the body as a whole', () => {
    it('refuses an unknown property', async () => {
      await expectInvalid({ ...cardPayment, amount: 1 }, 'amount');
    });

    // class-validator's whitelist took these for declared and they vanished (issue 13, fuzzing).
    it.each(['hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__'])(
      'refuses an unknown property named like an Object.prototype member: %s',
      async (name) => {
        await expectInvalid({ ...cardPayment, [name]: 'x' }, name);
        await expectInvalid({ ...cardPayment, payer: { ...member, [name]: 'x' } }, `payer.${name}`);
        await expectInvalid(
          { ...cardPayment, items: [{ ...item, [name]: 1 }] },
          `items[0].${name}`,
        );
      },
    );

    it.each([
      ['null', null],
      ['an array', [cardPayment]],
      ['a string', 'payment'],
      ['a number', 42],
      ['an empty object', {}],
    ])('refuses %s with a 400, never an exception', async (_, body) => {
      const result = await validateBody(RequestPaymentDto, body);
      expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    });
  });
});
