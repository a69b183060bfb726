/**
 * The chaos loop's load: several client loops, each a seeded stream of operations on the real
 * service (payments requested by members and guests, completions by the "PG" with every sandbox
 * prefix, declines, refreshes, views, cancellations, repayments, reads, guest look-ups, earlier
 * commands replayed with their key), and a clock loop that moves the test clock, across midnight
 * too. Every state-changing request carries a fresh Idempotency-Key and is recorded with every
 * answer (chaos-send.ts); a request lost to the kill is retried after the restart (chaos-loop.ts).
 */
import { DateTime } from 'luxon';
import type { Random } from '../sim/sim-random';
import { call, paymentIdOfKey, type Answer } from './chaos-http';
import {
  KST,
  lastAnswer,
  payerKeyOf,
  type GuestRef,
  type MemberRef,
  type PayerRef,
} from './chaos-model';
import { newCommand, read, record, send, type LoadContext } from './chaos-send';

const CARD_ISSUERS = ['SHINHAN', 'KB', 'SAMSUNG', 'BC', 'HYUNDAI', 'NH'] as const;
const BANK_CODES = ['004', '088', '020', '081'] as const;
/** Shares of the approvals' prefixes: how the sandbox PG will treat their cancellations and voids. */
const PG_PREFIXES: readonly (readonly [string, number])[] = [
  ['chaos-pg', 0.42],
  ['sandbox-cancel-slow', 0.25],
  ['sandbox-cancel-lost', 0.1],
  ['sandbox-cancel-timeout', 0.1],
  ['sandbox-cancel-refused', 0.1],
  ['sandbox-void-refused', 0.03],
];
const MEMBERS_PER_CLIENT = 5;
const GUESTS_PER_CLIENT = 2;
/** A guest whose look-ups sometimes use a wrong password (R15 lock-out); its list is not checked. */
export const DECOY_GUEST: GuestRef = {
  kind: 'guest',
  verificationId: 'ver-chaos-decoy',
  phone: '010-9999-0000',
  password: 'pw-decoy-0',
};

function pick<T>(random: Random, list: readonly T[]): T | undefined {
  return list.length === 0 ? undefined : list[random.int(list.length)];
}

function membersOf(client: number): MemberRef[] {
  return Array.from({ length: MEMBERS_PER_CLIENT }, (_, index) => ({
    kind: 'member' as const,
    memberId: `m-chaos-${client}-${index}`,
  }));
}

function guestsOf(client: number): GuestRef[] {
  return Array.from({ length: GUESTS_PER_CLIENT }, (_, index) => ({
    kind: 'guest' as const,
    verificationId: `ver-chaos-${client}-${index}`,
    phone: `010-55${client}${index}-${String(1000 + client * 10 + index)}`,
    password: `pw-chaos-${client}-${index}`,
  }));
}

function payerBody(payer: PayerRef): object {
  return payer.kind === 'member'
    ? { type: 'MEMBER', memberId: payer.memberId }
    : {
        type: 'GUEST',
        verificationId: payer.verificationId,
        phone: payer.phone,
        password: payer.password,
      };
}

function judgments(random: Random): { court: string; caseNumber: string }[] {
  const count = 1 + random.int(3);
  const serials = new Set<number>();
  while (serials.size < count) serials.add(10_000 + random.int(90_000));
  return [...serials].map((serial) => ({
    court: '서울중앙지방법원',
    caseNumber: `2024가합${serial}`,
  }));
}

/** The PG transaction id of an approval: its prefix drives the sandbox PG's cancellations. */
function pgTransactionIdFor(ctx: LoadContext, random: Random): string {
  let roll = random.next();
  for (const [prefix, share] of PG_PREFIXES) {
    roll -= share;
    if (roll < 0) return ctx.model.newPgTransactionId(prefix);
  }
  return ctx.model.newPgTransactionId('chaos-pg');
}

type Operation = (ctx: LoadContext, random: Random, client: number) => Promise<void>;

const requestPayment =
  (kind: 'card' | 'transfer' | 'guest'): Operation =>
  async (ctx, random, client) => {
    const payer =
      kind === 'guest'
        ? random.chance(0.1)
          ? DECOY_GUEST
          : pick(random, guestsOf(client))!
        : pick(random, membersOf(client))!;
    const method =
      kind === 'transfer'
        ? { method: 'BANK_TRANSFER', bankCode: pick(random, BANK_CODES) }
        : { method: 'CARD', cardIssuer: pick(random, CARD_ISSUERS) };
    const body = { payer: payerBody(payer), ...method, items: judgments(random) };
    const key = ctx.model.newKey();
    const op = `request-${kind}` as const;
    const paymentId = paymentIdOfKey('client', key);
    ctx.model.touchedPayers.add(payerKeyOf(payer));
    await send(ctx, newCommand(ctx, op, 'client', 'POST', '/v1/payments', body, paymentId, key));
  };

const complete: Operation = async (ctx, random) => {
  const roll = random.next();
  if (roll < 0.06) {
    // The PG repeats an approval it already sent, under a new key (R22: a replay, no new charge).
    const earlier = pick(
      random,
      ctx.model.recent(['COMPLETED'], (payment) => payment.completedBy !== null),
    );
    if (earlier === undefined) return;
    const approval = ctx.model.approvals.get(earlier.completedBy!)!;
    const body = {
      pgTransactionId: approval.pgTransactionId,
      approvedAmount: approval.amount,
      approvedAt: ctx.model.clockNow,
      certificateVerified: false,
    };
    const route = `/v1/payments/${earlier.paymentId}/complete`;
    await send(
      ctx,
      newCommand(ctx, 'complete-repeat', 'gateway', 'POST', route, body, earlier.paymentId),
    );
    return;
  }
  // Mostly a payment waiting for its approval; sometimes one that no longer waits (R22 void).
  const target =
    roll < 0.13
      ? pick(random, ctx.model.recent(['FAILED', 'COMPLETED', 'CANCELLED']))
      : pick(random, ctx.model.recent(['REQUESTED']));
  if (target === undefined) return;
  const pgTransactionId = pgTransactionIdFor(ctx, random);
  const amount = random.chance(0.04) ? target.amount + 1_000 : target.amount; // R3a mismatch
  ctx.model.approvals.set(pgTransactionId, {
    pgTransactionId,
    paymentId: target.paymentId,
    amount,
  });
  const body = {
    pgTransactionId,
    approvedAmount: amount,
    approvedAt: ctx.model.clockNow,
    certificateVerified: false,
  };
  const route = `/v1/payments/${target.paymentId}/complete`;
  await send(ctx, newCommand(ctx, 'complete', 'gateway', 'POST', route, body, target.paymentId));
};

const decline: Operation = async (ctx, random) => {
  const target = pick(random, ctx.model.recent(['REQUESTED']));
  if (target === undefined) return;
  const body = { code: 'E1001', message: '카드사 승인 거절 (chaos)' };
  const route = `/v1/payments/${target.paymentId}/fail`;
  await send(ctx, newCommand(ctx, 'fail', 'gateway', 'POST', route, body, target.paymentId));
};

const refresh: Operation = async (ctx, random) => {
  const target = pick(
    random,
    ctx.model.recent(['REQUESTED'], (payment) => payment.method === 'BANK_TRANSFER'),
  );
  if (target === undefined) return;
  const route = `/v1/payments/${target.paymentId}/refresh`;
  await send(ctx, newCommand(ctx, 'refresh', 'client', 'POST', route, undefined, target.paymentId));
};

const view: Operation = async (ctx, random) => {
  const target = pick(
    random,
    ctx.model.recent(random.chance(0.9) ? ['COMPLETED'] : ['CANCELLING']),
  );
  if (target === undefined) return;
  const itemId = pick(random, target.itemIds)!;
  const route = `/v1/payments/${target.paymentId}/items/${itemId}/view`;
  await send(ctx, newCommand(ctx, 'view', 'client', 'POST', route, undefined, target.paymentId));
};

const cancel: Operation = async (ctx, random) => {
  const target = pick(
    random,
    ctx.model.recent(random.chance(0.9) ? ['COMPLETED'] : ['CANCELLING', 'CANCELLED']),
  );
  if (target === undefined) return;
  const slow = target.completedBy?.startsWith('sandbox-cancel-slow') === true;
  const route = `/v1/payments/${target.paymentId}/cancel`;
  if (slow) ctx.control.slowCancelsInFlight += 1;
  try {
    await send(
      ctx,
      newCommand(ctx, 'cancel', 'client', 'POST', route, undefined, target.paymentId),
    );
  } finally {
    if (slow) ctx.control.slowCancelsInFlight -= 1;
  }
};

const repay: Operation = async (ctx, random) => {
  const original = pick(
    random,
    ctx.model.recent(['COMPLETED'], (payment) => payment.viewed.size > 0),
  );
  if (original === undefined) return;
  const body = random.chance(0.85)
    ? { method: 'CARD', cardIssuer: pick(random, CARD_ISSUERS) }
    : { method: 'BANK_TRANSFER', bankCode: pick(random, BANK_CODES) };
  const key = ctx.model.newKey();
  const paymentId = paymentIdOfKey('client', key);
  const route = `/v1/payments/${original.paymentId}/repayment`;
  ctx.model.touched.add(original.paymentId);
  await send(ctx, newCommand(ctx, 'repayment', 'client', 'POST', route, body, paymentId, key));
};

/** An earlier success sent again with its key and body: the first answer, nothing appended. */
const replayEarlier: Operation = async (ctx, random) => {
  const candidates = ctx.model.commands.slice(-400).filter((earlier) => {
    const answer = lastAnswer(earlier);
    return (
      !earlier.pending &&
      answer !== undefined &&
      [
        'request-card',
        'request-transfer',
        'request-guest',
        'repayment',
        'complete',
        'fail',
      ].includes(earlier.op) &&
      (answer.status === 200 || answer.status === 201)
    );
  });
  const earlier = pick(random, candidates);
  if (earlier === undefined) return;
  const first = lastAnswer(earlier)!;
  const outcome = await call(ctx.control.url, earlier.method, earlier.route, earlier.role, {
    body: earlier.body,
    key: earlier.key,
  });
  const answer = record(ctx.model, earlier, outcome, ctx.control.killing);
  if (answer === null) return;
  const sameId =
    (answer.body as { paymentId?: unknown } | null)?.paymentId ===
    (first.body as { paymentId?: unknown } | null)?.paymentId;
  // A success that wrote nothing (a no-op) keeps no answer: decided again, it must answer the
  // same (docs/adr/0011); any other success is replayed.
  const sameAnswer = answer.replayed || answer.text === first.text;
  if (answer.status !== first.status || !sameAnswer || !sameId) {
    ctx.model.fail(
      'replay',
      `#${earlier.seq} ${earlier.op} ${earlier.route} sent again with its key answered ` +
        `${answer.status} (replayed: ${answer.replayed}), first ${first.status}: ` +
        answer.text.slice(0, 200),
    );
  }
};

const getPayment: Operation = async (ctx, random) => {
  const target = pick(
    random,
    ctx.model.recent(['REQUESTED', 'COMPLETED', 'CANCELLING', 'FAILED', 'CANCELLED']),
  );
  if (target !== undefined)
    await read(ctx, 'GET', `/v1/payments/${target.paymentId}`, 'client', [200]);
};

const memberList: Operation = async (ctx, random, client) => {
  const member = pick(random, membersOf(client))!;
  await read(ctx, 'GET', `/v1/members/${member.memberId}/payments?limit=20`, 'client', [200]);
};

const guestLookup: Operation = async (ctx, random, client) => {
  if (random.chance(0.3)) {
    // The decoy: a wrong password now and then (401; five in a row lock it: 429).
    const password = random.chance(0.5) ? 'pw-wrong-0' : DECOY_GUEST.password;
    await read(ctx, 'POST', '/v1/guests/payments/lookup', 'client', [200, 401, 429], {
      phone: DECOY_GUEST.phone,
      password,
    });
    return;
  }
  // Only a guest who has paid looks the list up: a phone with no payment answers 401 like a
  // wrong password, and five in a row lock it (R15), as the decoy shows.
  const guest = pick(
    random,
    guestsOf(client).filter((each) => ctx.model.hasPaid(each)),
  );
  if (guest === undefined) return;
  await read(ctx, 'POST', '/v1/guests/payments/lookup', 'client', [200, 401], {
    phone: guest.phone,
    password: guest.password,
  });
};

const confirmation: Operation = async (ctx, random) => {
  const target = pick(random, ctx.model.recent(['COMPLETED', 'CANCELLED']));
  if (target !== undefined) {
    await read(ctx, 'GET', `/v1/payments/${target.paymentId}/confirmation`, 'client', [200, 409]);
  }
};

const OPERATIONS: readonly (readonly [Operation, number])[] = [
  [requestPayment('card'), 16],
  [requestPayment('transfer'), 6],
  [requestPayment('guest'), 3],
  [complete, 18],
  [decline, 3],
  [refresh, 3],
  [view, 10],
  [cancel, 11],
  [repay, 4],
  [replayEarlier, 4],
  [getPayment, 5],
  [memberList, 3],
  [guestLookup, 2],
  [confirmation, 2],
];
const TOTAL_WEIGHT = OPERATIONS.reduce((sum, [, weight]) => sum + weight, 0);

function pickOperation(random: Random): Operation {
  let roll = random.next() * TOTAL_WEIGHT;
  for (const [operation, weight] of OPERATIONS) {
    roll -= weight;
    if (roll < 0) return operation;
  }
  return OPERATIONS[0]![0];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One client: operations, back to back, until told to stop. */
export async function clientLoop(ctx: LoadContext, random: Random, client: number): Promise<void> {
  while (!ctx.control.stopping) await pickOperation(random)(ctx, random, client);
}

/** The instant of a clock move: minutes on, or across the next midnight (KST). */
export function nextClockInstant(now: string, random: Random): string {
  const current = DateTime.fromISO(now, { setZone: true }).setZone(KST);
  const next = random.chance(0.15)
    ? current.startOf('day').plus({ days: 1, minutes: 1 + random.int(40), seconds: random.int(60) })
    : current.plus({ minutes: 1 + random.int(9), seconds: random.int(60) });
  return next.toISO({ suppressMilliseconds: true })!;
}

/** Moves the test clock now and then, and asks for the close of an ended day now and then. */
export async function clockLoop(ctx: LoadContext, random: Random): Promise<void> {
  while (!ctx.control.stopping) {
    await sleep(600 + random.int(1_400));
    if (ctx.control.stopping) return;
    if (random.chance(0.15)) {
      const yesterday = DateTime.fromISO(ctx.model.clockNow, { setZone: true })
        .setZone(KST)
        .minus({ days: 1 })
        .toISODate()!;
      const route = `/v1/settlements/${yesterday}/close`;
      await send(ctx, newCommand(ctx, 'close-day', 'admin', 'POST', route, undefined, null));
      continue;
    }
    const body = { now: nextClockInstant(ctx.model.clockNow, random) };
    ctx.control.clockMovesInFlight += 1;
    try {
      await send(ctx, newCommand(ctx, 'clock', 'admin', 'PUT', '/v1/test-clock', body, null));
    } finally {
      ctx.control.clockMovesInFlight -= 1;
    }
  }
}

/** A clock move outside the load (start-up, settling): recorded and checked like the others. */
export async function moveClock(ctx: LoadContext, now: string): Promise<Answer | null> {
  return send(ctx, newCommand(ctx, 'clock', 'admin', 'PUT', '/v1/test-clock', { now }, null));
}
