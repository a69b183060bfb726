import { Injectable } from '@nestjs/common';
import type { CommandMeta } from '@lib/commands';
import type { BusinessDate } from '@lib/ledger';
import { DueSettlements } from '@lib/settlement';
import { TransferExpirySweep } from './transfer-expiry-sweep';

/** What one run of the due work did, by kind. */
export interface DueWorkDone {
  /** Bank transfers this run expired (R5), oldest deadline first. */
  readonly transfersExpired: string[];
  /** Days whose settlement this run closed (R18), oldest first. */
  readonly settlementsClosed: BusinessDate[];
}

/**
 * Everything the clock makes due, in order: the work the worker's schedules do one kind at a time,
 * run at once after a test-clock move (by the process that moved it, and by a worker that saw the
 * move). Each kind is the same work its schedule runs, so the test clock exercises production code.
 */
@Injectable()
export class DueWork {
  constructor(
    private readonly transfers: TransferExpirySweep,
    private readonly settlements: DueSettlements,
  ) {}

  async runAll(meta: CommandMeta): Promise<DueWorkDone> {
    // R5 before R18: a transfer that expired before midnight is FAILED when its day is counted.
    const transfersExpired = await this.transfers.runOnce(meta);
    const settlementsClosed = await this.settlements.closeDue(meta);
    return { transfersExpired, settlementsClosed };
  }
}
