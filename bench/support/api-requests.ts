import { randomBytes } from 'node:crypto';
import type { LoadRequest } from './load';
import type { ApiKeys } from './ledger-server';

const JSON_TYPE = 'application/json';
const COURT = '서울중앙지방법원';

/** Fresh member ids and Idempotency-Keys for each request, unique across runs too. */
export class FreshIds {
  private readonly run = randomBytes(4).toString('hex');
  private counter = 0;

  next(kind: string): string {
    this.counter += 1;
    return `${kind}-${this.run}-${this.counter}`;
  }
}

/** A card payment for one or two judgments by a member never seen before (201). */
export function requestPayment(keys: ApiKeys, ids: FreshIds): LoadRequest {
  let sent = 0;
  return {
    method: 'POST',
    path: '/v1/payments',
    setupRequest: (request) => {
      // Most payments are for one judgment, every fifth for two.
      sent += 1;
      const items = sent % 5 === 0 ? 2 : 1;
      return {
        ...request,
        headers: {
          authorization: `Bearer ${keys.client}`,
          'content-type': JSON_TYPE,
          'idempotency-key': ids.next('key'),
        },
        body: JSON.stringify({
          payer: { type: 'MEMBER', memberId: ids.next('m') },
          method: 'CARD',
          cardIssuer: 'SHINHAN',
          items: Array.from({ length: items }, (_, i) => ({
            court: COURT,
            caseNumber: `2024가합${10_000 + i}`,
          })),
        }),
      };
    },
    onResponse: (status, body, context) => {
      if (status !== 201) return;
      const { paymentId, amount } = JSON.parse(body) as { paymentId: string; amount: number };
      context.paymentId = paymentId;
      context.amount = amount;
    },
  };
}

/** The PG's approval of the payment the request before it made (in the same sequence). */
export function completePayment(keys: ApiKeys, ids: FreshIds): LoadRequest {
  return {
    method: 'POST',
    setupRequest: (request, context) => {
      const { paymentId, amount } = context;
      // The request failed: start the sequence again rather than complete nothing.
      if (typeof paymentId !== 'string' || typeof amount !== 'number') return undefined;
      return {
        ...request,
        path: `/v1/payments/${paymentId}/complete`,
        headers: {
          authorization: `Bearer ${keys.gateway}`,
          'content-type': JSON_TYPE,
          'idempotency-key': ids.next('key'),
        },
        body: JSON.stringify({
          pgTransactionId: ids.next('pg'),
          approvedAmount: amount,
          approvedAt: new Date().toISOString(),
          certificateVerified: false,
        }),
      };
    },
  };
}

export function getRequest(path: string, keys?: ApiKeys): LoadRequest {
  return {
    method: 'GET',
    path,
    ...(keys === undefined ? {} : { headers: { authorization: `Bearer ${keys.client}` } }),
  };
}

/** One plain request outside autocannon (probes, warm-up). */
export async function fetchStatus(url: string, init?: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.status;
}
