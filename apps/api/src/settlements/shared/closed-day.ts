import type { SettlementClosed } from '@lib/ledger';
import type { SettlementDays } from '@lib/settlement';
import { settlementNotFound } from './settlement.problems';

/**
 * What a day's close recorded, read from the day's settlement stream itself; 404
 * SETTLEMENT_NOT_FOUND while the day is not closed.
 */
export async function closedDay(
  days: SettlementDays,
  date: string,
): Promise<SettlementClosed['data']> {
  const { closed } = (await days.load(date)).state;
  if (closed === null) throw settlementNotFound(date);
  return closed;
}
