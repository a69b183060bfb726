/**
 * Payment methods and the institutions behind them (R1, FAQ II.1, III.12, III.23).
 * This is the one place these tables live: validation, the domain and reports all read them.
 */

export const PAYMENT_METHODS = ['CARD', 'BANK_TRANSFER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** How a card issuer authenticates an online payment. */
export type CardAuthScheme = 'ISP' | 'MPI';

/** Card issuers by API code, with their Korean name and auth scheme (FAQ III.12 ISP, III.23 MPI). */
export const CARD_ISSUERS = {
  BC: { name: 'BC카드', authScheme: 'ISP' },
  KB: { name: 'KB국민카드', authScheme: 'ISP' },
  JEONBUK: { name: '전북카드', authScheme: 'ISP' },
  GWANGJU: { name: '광주카드', authScheme: 'ISP' },
  SUHYUP: { name: '수협카드', authScheme: 'ISP' },
  KFCC: { name: '새마을금고카드', authScheme: 'ISP' },
  EPOST: { name: '우체국카드', authScheme: 'ISP' },
  SAVINGS_BANK: { name: '상호저축은행카드', authScheme: 'ISP' },
  JEJU: { name: '제주카드', authScheme: 'ISP' },
  SHINHYUP: { name: '신협카드', authScheme: 'ISP' },
  SAMSUNG: { name: '삼성카드', authScheme: 'MPI' },
  KEB: { name: '외환카드', authScheme: 'MPI' },
  SHINHAN: { name: '신한카드', authScheme: 'MPI' },
  HYUNDAI: { name: '현대카드', authScheme: 'MPI' },
  LOTTE: { name: '롯데카드', authScheme: 'MPI' },
  HANA: { name: '하나카드', authScheme: 'MPI' },
  CITI: { name: '씨티카드', authScheme: 'MPI' },
  NH: { name: 'NH농협카드', authScheme: 'MPI' },
} as const satisfies Record<string, { name: string; authScheme: CardAuthScheme }>;
export type CardIssuer = keyof typeof CARD_ISSUERS;
export const CARD_ISSUER_CODES = Object.keys(CARD_ISSUERS) as CardIssuer[];

/** Banks that take part in account transfers, by their 3-digit Korean bank code. */
export const BANKS = {
  '002': { name: 'KDB산업은행' },
  '003': { name: 'IBK기업은행' },
  '004': { name: 'KB국민은행' },
  '007': { name: '수협은행' },
  '011': { name: 'NH농협은행' },
  '012': { name: '지역농축협' },
  '020': { name: '우리은행' },
  '023': { name: 'SC제일은행' },
  '027': { name: '한국씨티은행' },
  '031': { name: 'iM뱅크(대구은행)' },
  '032': { name: '부산은행' },
  '034': { name: '광주은행' },
  '035': { name: '제주은행' },
  '037': { name: '전북은행' },
  '039': { name: '경남은행' },
  '045': { name: '새마을금고' },
  '048': { name: '신협' },
  '050': { name: '저축은행' },
  '064': { name: '산림조합' },
  '071': { name: '우체국' },
  '081': { name: '하나은행' },
  '088': { name: '신한은행' },
  '089': { name: '케이뱅크' },
  '090': { name: '카카오뱅크' },
  '092': { name: '토스뱅크' },
} as const satisfies Record<string, { name: string }>;
export type BankCode = keyof typeof BANKS;
export const BANK_CODES = Object.keys(BANKS) as BankCode[];

export function isCardIssuer(value: unknown): value is CardIssuer {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CARD_ISSUERS, value);
}

export function isBankCode(value: unknown): value is BankCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(BANKS, value);
}

export function authSchemeOf(issuer: CardIssuer): CardAuthScheme {
  return CARD_ISSUERS[issuer].authScheme;
}
