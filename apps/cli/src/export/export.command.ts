import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import {
  EXPORT_FORMAT,
  auditRecordOf,
  exportLineText,
  exportPreamble,
  walkLog,
  type ExportFileFormat,
  type ExportLine,
  type SealedDigestDocument,
} from '@lib/audit';
import { loadState } from '@lib/commands';
import type { EventStore } from '@lib/event-store';
import {
  daysBetween,
  isBusinessDate,
  settlementDecider,
  settlementStreamId,
  type BusinessDate,
} from '@lib/ledger';
import { sealedDigestDocument } from '@lib/settlement';
import {
  CliError,
  EXIT,
  count,
  progressBar,
  type CliIo,
  type CliOutput,
  type ExitCode,
} from '../cli-io';
import { withLedgerSource, type SourceOptions } from '../ledger-source';

export interface ExportOptions extends SourceOptions {
  readonly from: string;
  readonly to: string;
  readonly format: string;
  readonly out?: string;
}

/** Days an export may span: a year of daily seals. */
const MAX_EXPORT_DAYS = 366;

/**
 * `ledger export --from DATE --to DATE`: the log of an audit period as whole sealed slices (the
 * positions after the close before `from` up to the close of `to`), with every event's hashes
 * and the seals, so `ledger verify <file>` checks it with nothing else (docs/audit.md §7).
 */
export async function exportCommand(options: ExportOptions, io: CliIo): Promise<ExitCode> {
  const format = fileFormat(options.format);
  const days = periodOf(options.from, options.to);
  return withLedgerSource(options, io, async (source) => {
    const seals = await sealsOf(source.store, days);
    const after = BigInt(seals[0]!.previousCut);
    const until = BigInt(seals[seals.length - 1]!.cut);
    const header: ExportLine = {
      kind: 'export',
      format: EXPORT_FORMAT,
      from: days[0]!,
      to: days[days.length - 1]!,
      afterPosition: after.toString(),
      untilPosition: until.toString(),
    };
    const total = seals.reduce((sum, seal) => sum + seal.count, 0);
    const firstPosition = Number(after);
    const sink = options.out === undefined ? null : createWriteStream(resolve(io.cwd, options.out));
    const out: CliOutput = sink ?? io.stdout;
    // Over positions: on EventStoreDB they are byte offsets, so the bar measures the slice's span.
    // No bar while the export itself scrolls past on the same terminal.
    const quiet = sink === null && io.stdout.isTTY === true;
    const progress = progressBar(io, quiet, 'export', Number(until) - firstPosition);
    let events = 0;
    try {
      await write(out, exportPreamble(format) + exportLineText(header, format));
      for (const seal of seals) await write(out, exportLineText({ kind: 'seal', ...seal }, format));
      const from = after === 0n ? null : { commit: after, prepare: after };
      for await (const page of walkLog(source.store, { from, until })) {
        const text = page.map((event) =>
          exportLineText({ kind: 'event', ...auditRecordOf(event) }, format),
        );
        await write(out, text.join(''));
        events += page.length;
        progress.update(
          Number(page.at(-1)!.position.commit) - firstPosition,
          `${count(events)} events`,
        );
      }
    } finally {
      progress.stop();
      if (sink !== null) {
        sink.end();
        await once(sink, 'close');
      }
    }
    if (events !== total) {
      throw new CliError(
        `The log holds ${events} events in the period, its seals ${total}: run ledger verify`,
      );
    }
    if (sink !== null) {
      const period = header.from === header.to ? header.from : `${header.from} to ${header.to}`;
      io.stderr.write(
        `Exported ${count(events)} events and ${seals.length} seal(s) of ${period} to ${options.out}\n`,
      );
    }
    return EXIT.ok;
  });
}

function fileFormat(format: string): ExportFileFormat {
  if (format === 'ndjson' || format === 'csv') return format;
  throw new CliError(`--format must be ndjson or csv, not ${JSON.stringify(format)}`, EXIT.usage);
}

function periodOf(from: string, to: string): BusinessDate[] {
  for (const date of [from, to]) {
    if (!isBusinessDate(date))
      throw new CliError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`, EXIT.usage);
  }
  if (from > to) throw new CliError(`--from ${from} is after --to ${to}`, EXIT.usage);
  const days = daysBetween(from, to);
  if (days.length > MAX_EXPORT_DAYS) {
    throw new CliError(
      `An export spans at most ${MAX_EXPORT_DAYS} days; split the period`,
      EXIT.usage,
    );
  }
  return days;
}

/** The seal of every day of the period: each must be closed, with seals, one after the other. */
async function sealsOf(
  store: EventStore,
  days: readonly BusinessDate[],
): Promise<SealedDigestDocument[]> {
  const seals: SealedDigestDocument[] = [];
  for (const date of days) {
    const { state } = await loadState(store, settlementStreamId(date), settlementDecider);
    if (state.closed === null) {
      throw new CliError(`${date} is not closed yet: an export holds whole sealed days only`);
    }
    const seal = sealedDigestDocument(state.closed);
    if (seal === null)
      throw new CliError(
        `${date} was closed before seals existed: it cannot be exported with proof`,
      );
    const previous = seals.at(-1);
    if (previous !== undefined && previous.cut !== seal.previousCut) {
      throw new CliError(
        `The seals of ${previous.date} and ${date} do not meet: run ledger verify`,
      );
    }
    seals.push(seal);
  }
  return seals;
}

/** Writes with back-pressure: a slow pipe slows the reads, not the memory. */
async function write(out: CliOutput, text: string): Promise<void> {
  if (text === '') return;
  const flushed = out.write(text);
  if (flushed === false && 'once' in out) await once(out as NodeJS.WritableStream, 'drain');
}
