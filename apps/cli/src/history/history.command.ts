import { loadState } from '@lib/commands';
import { isStreamKey, paymentStreamId, settlementDecider, settlementStreamId } from '@lib/ledger';
import { CliError, EXIT, printJson, type CliIo, type ExitCode } from '../cli-io';
import { withLedgerSource, type SourceOptions } from '../ledger-source';
import { timelineOf, type TimelineEntry } from './payment-timeline';

export interface HistoryOptions extends SourceOptions {
  readonly json?: boolean;
}

/** How a settlement-relevant event stands with its day's close. */
interface Settlement {
  readonly day: string;
  readonly standing: 'OPEN' | 'COUNTED' | 'LATE_ADJUSTMENT';
  readonly closedAt: string | null;
}

/**
 * `ledger history <paymentId>`: a payment's events as a readable timeline (KST, actor, PG codes)
 * with the settlement day that counts each completion and cancellation (R18, R24).
 */
export async function historyCommand(
  paymentId: string,
  options: HistoryOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (!isStreamKey(paymentId))
    throw new CliError(`Not a payment id: ${JSON.stringify(paymentId)}`, EXIT.usage);
  return withLedgerSource(options, io, async ({ store }) => {
    const events = await store.readStream(paymentStreamId(paymentId));
    if (events.length === 0) throw new CliError(`No payment ${paymentId} in the log`);
    const timeline = timelineOf(events);
    const settlements = new Map<string, Settlement>();
    for (const entry of timeline) {
      if (entry.settlementDay === null) continue;
      const { state } = await loadState(
        store,
        settlementStreamId(entry.settlementDay),
        settlementDecider,
      );
      const closed = state.closed;
      settlements.set(entry.position, {
        day: entry.settlementDay,
        closedAt: closed?.closedAt ?? null,
        standing:
          closed === null
            ? 'OPEN'
            : BigInt(entry.position) <= BigInt(closed.countedUpToPosition)
              ? 'COUNTED'
              : 'LATE_ADJUSTMENT',
      });
    }
    if (options.json === true) {
      printJson(io, {
        paymentId,
        events: timeline.map((entry) => ({
          ...entry,
          settlement: settlements.get(entry.position) ?? null,
        })),
      });
      return EXIT.ok;
    }
    io.stdout.write(`Payment ${paymentId}: ${events.length} events (times in KST)\n`);
    for (const entry of timeline) io.stdout.write(line(entry, settlements.get(entry.position)));
    return EXIT.ok;
  });
}

function line(entry: TimelineEntry, settlement: Settlement | undefined): string {
  const head = `${entry.at}  #${entry.revision.padEnd(2)} ${entry.type.padEnd(28)} ${entry.actor.padEnd(20)} ${entry.summary}`;
  if (settlement === undefined) return `${head}\n`;
  const standing =
    settlement.standing === 'OPEN'
      ? `settles on ${settlement.day} (not closed yet)`
      : settlement.standing === 'COUNTED'
        ? `counted in the close of ${settlement.day}`
        : `recorded after ${settlement.day} closed: a late adjustment (R24) of the next close`;
  return `${head}\n${' '.repeat(25)}↳ ${standing}\n`;
}
