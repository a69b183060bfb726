import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { ChainHashes, SealBuilder, type Seal } from '@lib/audit';
import { yieldToEventLoop } from '@lib/common';
import {
  EVENT_STORE,
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@lib/event-store';
import {
  SettlementTally,
  businessDate,
  parseIsoInstant,
  paymentStreamId,
  type BusinessDate,
} from '@lib/ledger';
import { LIMITS } from '@lib/limits';

/** Events read per page: bounded memory, however long the log. */
const SCAN_PAGE_EVENTS = LIMITS.settlement.scanPageEvents;

export interface ScannedDays {
  readonly tally: SettlementTally;
  /** The `$all` position (decimal) of the last event counted; "0" for an empty log. */
  readonly countedUpToPosition: string;
  /** The seal of the slice after `sealAfter` up to the cut (docs/audit.md §6). */
  readonly digest: Seal & { readonly after: string };
}

/**
 * The one place that reads the log for settlement (docs/adr/0005). It reads the whole of `$all`
 * (following every stream's hash chain, so it can seal the slice since the previous cut),
 * from the event store rather than a read model, so the report is exact and every replica counts
 * the same. That costs O(log) per close; several days closed together share one scan. A
 * read-model index of completions by day can replace this scan without changing its callers.
 */
@Injectable()
export class SettlementLogScan {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Counts `days`, and (R24) the late facts recorded after `lateAfter` (the previous cut); seals
   * the events after `sealAfter` (the previous seal's cut: the same, except that the first close
   * with seals seals the whole log before it too, docs/adr/0010).
   */
  async tally(
    days: readonly BusinessDate[],
    lateAfter: bigint | null = null,
    sealAfter: bigint = lateAfter ?? 0n,
    scanAfter: bigint = 0n,
  ): Promise<ScannedDays> {
    const tally = new SettlementTally(days, lateAfter);
    const chains = new ChainHashes();
    const seal = new SealBuilder();
    // O(day), not O(log): nothing the close counts, adjusts or seals lies at or before scanAfter.
    const after = [scanAfter, sealAfter, lateAfter ?? 0n].reduce((a, b) => (b < a ? b : a));
    let from: Position | typeof START = after === 0n ? START : { commit: after, prepare: after };
    let last: Position | null = null;
    for (;;) {
      const page = await this.store.readAll({ fromPosition: from, maxCount: SCAN_PAGE_EVENTS });
      for (const event of page) {
        // A forward read is inclusive: each page after the first begins with the last event seen.
        if (last !== null && samePosition(event.position, last)) continue;
        if (event.position.commit <= after) continue;
        const needed = tally.requestNeededBy(event);
        if (needed !== null) tally.add(await this.requestOf(needed));
        tally.add(event);
        const hash = chains.hashOf(event);
        if (event.position.commit > sealAfter) seal.add(event.position.commit, hash);
        last = event.position;
      }
      if (page.length < SCAN_PAGE_EVENTS || last === null) break;
      from = last;
      await yieldToEventLoop(); // a close must not hold requests back for its whole scan
    }
    return {
      tally,
      countedUpToPosition: last === null ? '0' : last.commit.toString(),
      digest: { ...seal.seal(), after: sealAfter.toString() },
    };
  }

  /** A payment's PaymentRequested, read from its stream (its first event). */
  private async requestOf(paymentId: string): Promise<RecordedEvent> {
    const [requested] = await this.store.readStream(paymentStreamId(paymentId), { maxCount: 1 });
    if (requested?.type !== 'PaymentRequested') {
      throw new Error(`payment-${paymentId} does not begin with its PaymentRequested`);
    }
    return requested;
  }

  /** The KST day of the first event in the log, by its business time (`occurredAt`). */
  async firstDay(): Promise<BusinessDate | null> {
    const [first] = await this.store.readAll({ maxCount: 1 });
    if (first === undefined) return null;
    const occurredAt = first.metadata.occurredAt;
    const instant = typeof occurredAt === 'string' ? parseIsoInstant(occurredAt) : null;
    return businessDate(instant ?? DateTime.fromJSDate(first.created));
  }
}

function samePosition(a: Position, b: Position): boolean {
  return a.commit === b.commit && a.prepare === b.prepare;
}
