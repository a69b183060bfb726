import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SettlementDays, settlementDocument } from '@lib/settlement';
import { closedDay } from '../shared/closed-day';
import type { SettlementView } from '../shared/settlement.representation';
import { GetSettlementQuery } from './get-settlement.query';

/** Reads the day's settlement stream itself: a report exists exactly when the day is closed. */
@QueryHandler(GetSettlementQuery)
export class GetSettlementHandler implements IQueryHandler<GetSettlementQuery, SettlementView> {
  constructor(private readonly days: SettlementDays) {}

  async execute({ date }: GetSettlementQuery): Promise<SettlementView> {
    return settlementDocument(await closedDay(this.days, date));
  }
}
