/**
 * The chaos loop's checks on a data folder catch what they claim to: each situation below is a
 * log and PG books that a broken ledger could leave, and the check must name it.
 */
import {
  PAYMENT_ID,
  cancellationStarted,
  cancellationSucceeded,
  completed,
  requested,
  viewed,
} from '../../libs/ledger/src/test/payment.fixtures';
import type { LoggedEvent, SandboxBooks } from './chaos-data-folder';
import { storedKeyOf, type Answer } from './chaos-http';
import { pictureOf } from './chaos-ledger-picture';
import { checkLog } from './chaos-log-checks';
import { ChaosModel, type CommandOp } from './chaos-model';

interface Written {
  readonly type: string;
  readonly data: object;
  /** The Idempotency-Key of the request that wrote it (role client), and whether it answered. */
  readonly key?: string;
  readonly answered?: boolean;
}

function logOf(events: readonly Written[]): LoggedEvent[] {
  return events.map((event, index) => ({
    position: index + 1,
    stream: `payment-${PAYMENT_ID}`,
    revision: index,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata:
      event.key === undefined
        ? {}
        : {
            idempotency: {
              key: storedKeyOf('client', event.key),
              fingerprint: 'f',
              answered: event.answered ?? true,
            },
          },
  }));
}

function answer(status: number, body: object): Answer {
  return { kind: 'answer', status, body, text: JSON.stringify(body), replayed: false, headers: {} };
}

/** A model whose client sent one command and got `answers`; the PG approved pg-tx-1 once. */
function modelWith(
  op: CommandOp,
  route: string,
  key: string,
  answers: Answer[],
  paymentId = PAYMENT_ID,
): ChaosModel {
  const model = new ChaosModel(1);
  const command = model.addCommand({
    cycle: 1,
    op,
    role: 'client',
    method: 'POST',
    route,
    body: undefined,
    key,
    paymentId,
  });
  command.answers.push(...answers);
  model.approvals.set('pg-tx-1', {
    pgTransactionId: 'pg-tx-1',
    paymentId: PAYMENT_ID,
    amount: 3_000,
  });
  return model;
}

const NO_BOOKS: SandboxBooks = { refunds: [], voids: [] };
const refund = (cancellationId: string) => ({
  cancellationId,
  pgTransactionId: 'pg-tx-1',
  paymentId: PAYMENT_ID,
  amount: 3_000,
});

function checksOf(model: ChaosModel, events: readonly Written[], books: SandboxBooks): string[] {
  const log = logOf(events);
  checkLog(model, log, pictureOf(log), books, { settled: false });
  return model.failures.map((failure) => failure.check);
}

const CANCEL_ROUTE = `/v1/payments/${PAYMENT_ID}/cancel`;

describe('chaos loop checks', () => {
  it('given a cancellation refunded and recorded once, when checked, then nothing is named', () => {
    const model = modelWith('cancel', CANCEL_ROUTE, 'k-1', [
      answer(200, { paymentId: PAYMENT_ID, status: 'CANCELLED' }),
    ]);
    const events = [requested(), completed(), cancellationStarted(), cancellationSucceeded()];
    expect(checksOf(model, events, { refunds: [refund('cancel-1')], voids: [] })).toEqual([]);
  });

  it('given an acknowledged cancel whose PaymentCancelled is missing, then it is lost', () => {
    const model = modelWith('cancel', CANCEL_ROUTE, 'k-1', [
      answer(200, { paymentId: PAYMENT_ID, status: 'CANCELLED' }),
    ]);
    const events = [requested(), completed(), cancellationStarted()];
    expect(checksOf(model, events, { refunds: [refund('cancel-1')], voids: [] })).toEqual(['lost']);
  });

  it('given the PG refunded one approval twice, once unasked, then both are named', () => {
    const model = modelWith('cancel', CANCEL_ROUTE, 'k-1', [answer(409, { code: 'X' })]);
    const events = [requested(), completed(), cancellationStarted(), cancellationSucceeded()];
    const books = { refunds: [refund('cancel-1'), refund('cancel-2')], voids: [] };
    expect(checksOf(model, events, books)).toEqual(
      expect.arrayContaining(['R20 no refund without a cancellation', 'duplicated']),
    );
  });

  it('given one judgment viewed twice by the payer, then the second view is named', () => {
    const model = modelWith('view', `/v1/payments/${PAYMENT_ID}/items/item-1/view`, 'k-1', []);
    const events = [requested(), completed(), viewed('item-1'), viewed('item-1')];
    expect(checksOf(model, events, NO_BOOKS).length).toBeGreaterThan(0);
  });

  it('given a request refused on its retry whose first attempt answered in the log, then it is half-applied', () => {
    const model = modelWith('request-card', '/v1/payments', 'k-1', [
      answer(409, { code: 'PENDING_TRANSFER_EXISTS' }),
    ]);
    const events = [{ ...requested(), key: 'k-1' }, completed()];
    expect(checksOf(model, events, NO_BOOKS)).toEqual(['half-applied']);
  });

  it('given the same request answered by two appends, then it is duplicated', () => {
    const model = modelWith('view', `/v1/payments/${PAYMENT_ID}/items/item-1/view`, 'k-2', []);
    const events = [
      requested(),
      completed(),
      { ...viewed('item-1'), key: 'k-2' },
      { ...viewed('item-2'), key: 'k-3' },
      { ...viewed('item-3'), key: 'k-2' },
    ];
    expect(checksOf(model, events, NO_BOOKS)).toContain('duplicated');
  });

  it('given a payment CANCELLED that the PG never refunded, then PG and ledger disagree', () => {
    const model = modelWith('cancel', CANCEL_ROUTE, 'k-1', []);
    const events = [requested(), completed(), cancellationStarted(), cancellationSucceeded()];
    expect(checksOf(model, events, NO_BOOKS)).toEqual(
      expect.arrayContaining(['R21 PG and ledger agree', 'money: PG and ledger agree']),
    );
  });

  it('given a repayment hold left by a refused request, then it is half-applied until it lapses', () => {
    const route = `/v1/payments/${PAYMENT_ID}/repayment`;
    const refused = answer(409, { code: 'REPAYMENT_NOT_ALLOWED' });
    const held = {
      type: 'RepaymentHeld',
      data: {
        originalPaymentId: PAYMENT_ID,
        repaymentId: 'rep-1',
        heldAt: '2026-12-01T10:05:00.000+09:00',
        holdUntil: '2026-12-01T10:20:00.000+09:00',
      },
    };
    const clockAt = (now: string) => ({ type: 'TestClockMoved', data: { now, from: now } });
    const events = [requested(), completed(), held];
    const active = [...events, clockAt('2026-12-01T10:10:00.000+09:00')];
    const lapsed = [...events, clockAt('2026-12-01T10:20:00.000+09:00')];
    expect(
      checksOf(modelWith('repayment', route, 'k-1', [refused], 'rep-1'), active, NO_BOOKS),
    ).toEqual(['half-applied']);
    expect(
      checksOf(modelWith('repayment', route, 'k-1', [refused], 'rep-1'), lapsed, NO_BOOKS),
    ).toEqual([]);
  });
});
