import { invariant } from './assert';

/** Money is a whole number of KRW (STYLE.md "Money and time"). */
export function isKrw(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function assertKrw(value: number, what: string): void {
  invariant(isKrw(value), `${what} is not a whole number of KRW: ${value}`);
}

/** `300000` → `300,000원`; `300000, { manwon: true }` → `30만원` (as the FAQ writes limits). */
export function formatKrw(amountKrw: number, options: { manwon?: boolean } = {}): string {
  assertKrw(amountKrw, 'amount');
  if (options.manwon === true && amountKrw >= 10_000 && amountKrw % 10_000 === 0) {
    return `${groupThousands(amountKrw / 10_000)}만원`;
  }
  return `${groupThousands(amountKrw)}원`;
}

function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
