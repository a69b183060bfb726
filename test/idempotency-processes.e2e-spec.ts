/**
 * ADR 0011 across processes and restarts: the Idempotency-Key rides in the events a request
 * appends, so two API processes on one store agree on it with no record of their own — the same
 * key sent to both at once makes one payment, a retry on either replays it, another body is 422,
 * and all of it holds after both restart.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSqliteEventStore } from '@lib/event-store';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';
import { cardPaymentBody, newMemberId, transferPaymentBody } from './support/test-app';

interface Created {
  paymentId: string;
  amount: number;
}

describe('Idempotency-Key between two API processes on one store (ADR 0011)', () => {
  let dataDir: string;
  let one: LedgerProcess;
  let two: LedgerProcess;

  const start = (name: string) =>
    startLedgerProcess({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_ROLE: 'api',
      LEDGER_READ_MODEL_FILE: `read-models-${name}.sqlite`,
    });
  const paymentStreams = () => {
    const store = openSqliteEventStore({ path: path.join(dataDir, 'events.sqlite') });
    return store
      .readAll()
      .then(
        (events) =>
          new Set(events.filter((e) => e.type === 'PaymentRequested').map((e) => e.streamId)),
      )
      .finally(() => store.close());
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-idempotency-processes-'));
    [one, two] = await Promise.all([start('one'), start('two')]);
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
  });

  it('given one key sent to both processes at once, then one payment is made and both answer it', async () => {
    const body = transferPaymentBody(2, newMemberId());
    const answers = await Promise.all(
      [one, two, one, two].map((process) => process.post('client', '/v1/payments', body, 'twice')),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const ids = new Set(answers.map((answer) => (answer.body as Created).paymentId));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    expect(
      [...(await paymentStreams())].filter((s) => ids.has(s.slice('payment-'.length))),
    ).toHaveLength(1);
  });

  it('given a payment made through one process, when the other gets the same key with another body, then it is 422', async () => {
    const memberId = newMemberId();
    await one
      .post('client', '/v1/payments', cardPaymentBody(1, memberId), 'other-body')
      .expect(201);
    const reused = await two.post(
      'client',
      '/v1/payments',
      cardPaymentBody(2, memberId),
      'other-body',
    );
    expect(reused.status).toBe(422);
    expect((reused.body as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('given both processes restarted, when a key is retried, then the first answer comes back', async () => {
    const body = cardPaymentBody(3, newMemberId());
    const first = await one.post('client', '/v1/payments', body, 'across-restart').expect(201);
    await Promise.all([one.stop(), two.stop()]);
    [one, two] = await Promise.all([start('one'), start('two')]);

    const retry = await two.post('client', '/v1/payments', body, 'across-restart').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
  });
});
