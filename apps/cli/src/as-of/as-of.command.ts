import { DateTime } from 'luxon';
import { auditRecordOf } from '@lib/audit';
import { BUSINESS_ZONE, isStreamKey, statusLabel, type PaymentState } from '@lib/ledger';
import { PaymentsAsOf, type PaymentAsOf } from '@lib/payments';
import { CliError, EXIT, printJson, type CliIo, type ExitCode } from '../cli-io';
import { timelineOf } from '../history/payment-timeline';
import { withLedgerSource, type SourceOptions } from '../ledger-source';
import { readModelFileOf, type ReadModelOptions } from '../rebuild/read-model-file';
import { openReadOnlyReadModels } from '../replay/live-read-models';

export interface AsOfOptions extends SourceOptions, ReadModelOptions {
  readonly json?: boolean;
}

/** Pages of a member's list asked of the index at once. */
const PAGE = 100;

/**
 * `ledger as-of <paymentId|member:ID> <instant>`: a payment, or a member's R14 list, as it stood at
 * an instant of the store's recording time — the same folds as `GET /v1/audit/payments/{id}` and
 * `GET /v1/audit/members/{id}/payments` (libs/payments PaymentsAsOf).
 */
export async function asOfCommand(
  subject: string,
  instant: string,
  options: AsOfOptions,
  io: CliIo,
): Promise<ExitCode> {
  const asOf = DateTime.fromISO(instant, { setZone: true });
  if (!asOf.isValid || !/(Z|[+-]\d\d:?\d\d)$/.test(instant)) {
    throw new CliError(
      `Not an ISO 8601 instant with an offset: ${JSON.stringify(instant)} (e.g. 2026-12-01T15:00:00+09:00)`,
      EXIT.usage,
    );
  }
  const member = subject.startsWith('member:') ? subject.slice('member:'.length) : null;
  const id = member ?? subject;
  if (!isStreamKey(id))
    throw new CliError(`Not a payment or member id: ${JSON.stringify(id)}`, EXIT.usage);
  const json = options.json === true;
  return withLedgerSource(options, io, async (source) => {
    let db: ReturnType<typeof openReadOnlyReadModels> | undefined;
    // A payment folds from its stream alone; only a member's list needs the read model's index.
    const readModels = {
      get db() {
        db ??= openReadOnlyReadModels(readModelFileOf(options, source.dataDir, io));
        return db;
      },
    };
    try {
      const asOfs = new PaymentsAsOf(source.store, readModels);
      if (member === null) {
        const payment = await asOfs.payment(id, asOf);
        if (payment.state.status === 'NONE') {
          throw new CliError(`No event of payment ${id} was recorded by ${instant}`);
        }
        if (json) printJson(io, { asOf: asOf.toUTC().toISO(), ...paymentJson(payment) });
        else printPayment(io, payment, instant);
        return EXIT.ok;
      }
      const payments: PaymentAsOf[] = [];
      let cursor: string | null = null;
      do {
        const page = asOfs.memberPaymentIds(member, asOf, { limit: PAGE, cursor });
        payments.push(...(await asOfs.listedPayments(page.paymentIds, asOf)));
        cursor = page.nextCursor;
      } while (cursor !== null);
      if (json)
        printJson(io, {
          asOf: asOf.toUTC().toISO(),
          memberId: member,
          payments: payments.map(paymentJson),
        });
      else {
        io.stdout.write(
          `Member ${member}'s list as of ${kst(instant)} KST (recording time): ${payments.length} payment(s) in the R14 window\n`,
        );
        for (const payment of payments) io.stdout.write(`  ${summary(payment)}\n`);
      }
      return EXIT.ok;
    } finally {
      db?.close();
    }
  });
}

function paymentJson(payment: PaymentAsOf) {
  return {
    payment: payment.state,
    cancellable: payment.cancelBlockedReason === null,
    cancelBlockedReason: payment.cancelBlockedReason,
    events: payment.events.map(auditRecordOf),
  };
}

function summary({ state, cancelBlockedReason }: PaymentAsOf): string {
  const paid = state as Exclude<PaymentState, { status: 'NONE' }>;
  const viewed = paid.items.filter((item) => item.viewedAt !== null).length;
  const cancel =
    cancelBlockedReason === null ? 'cancellable' : `not cancellable (${cancelBlockedReason})`;
  return (
    `${paid.paymentId}  ${paid.status} (${statusLabel(paid.status)})  ${paid.amountKrw.toLocaleString('en-US')} KRW  ` +
    `${paid.items.length} item(s), ${viewed} viewed  ${cancel}`
  );
}

function printPayment(io: CliIo, payment: PaymentAsOf, instant: string): void {
  io.stdout.write(
    `As of ${kst(instant)} KST (recording time), ${payment.events.length} event(s) recorded:\n`,
  );
  io.stdout.write(`  ${summary(payment)}\n`);
  for (const entry of timelineOf(payment.events)) {
    io.stdout.write(
      `  ${entry.at}  #${entry.revision.padEnd(2)} ${entry.type.padEnd(28)} ${entry.summary}\n`,
    );
  }
}

/** An instant as the CLI shows it to people: KST, to the millisecond. */
function kst(instant: string): string {
  return DateTime.fromISO(instant, { setZone: true })
    .setZone(BUSINESS_ZONE)
    .toFormat('yyyy-MM-dd HH:mm:ss.SSS');
}
