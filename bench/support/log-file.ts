import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import type { EventStore } from '@lib/event-store';
import { BUSINESS_ZONE } from '@lib/ledger';
import { progress } from './progress';
import { PaymentHistory, STEPS_PER_PAYMENT, type PaymentHistoryOptions } from './payment-history';
import { writeHistory } from './write-history';

/** A KST wall-clock time as a DateTime in the business zone. */
export function kst(wallClock: string): DateTime {
  const instant = DateTime.fromISO(wallClock, { zone: BUSINESS_ZONE });
  if (!instant.isValid) throw new Error(`Not a KST wall-clock time: ${wallClock}`);
  return instant;
}

export interface LogSpan {
  readonly from: DateTime;
  readonly to: DateTime;
  readonly payments: number;
}

/** History options that request about `payments` payments evenly between `from` and `to`. */
export function spreadOver(
  span: LogSpan,
  base: Omit<PaymentHistoryOptions, 'start' | 'stepMs'>,
): PaymentHistoryOptions {
  const steps = Math.max(1, span.payments * STEPS_PER_PAYMENT);
  return { ...base, start: span.from, stepMs: span.to.diff(span.from).toMillis() / steps };
}

/** Writes a generated history into `store` until `done`, and reports how much it wrote. */
export async function fillStore(
  store: EventStore,
  options: PaymentHistoryOptions,
  done: (history: PaymentHistory) => boolean,
  label: string,
): Promise<{ events: number; payments: number; end: DateTime }> {
  const history = new PaymentHistory(options);
  const started = performance.now();
  await writeHistory(store, history, done);
  const seconds = (performance.now() - started) / 1_000;
  progress(
    `${label}: wrote ${history.events.toLocaleString('en-US')} events of ` +
      `${history.payments.toLocaleString('en-US')} payments in ${seconds.toFixed(1)} s`,
  );
  return { events: history.events, payments: history.payments, end: history.now };
}
