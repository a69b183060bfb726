import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SettlementDays, sealedDigestDocument } from '@lib/settlement';
import { closedDay } from '../../settlements/shared/closed-day';
import { digestNotAvailable } from './digest.problems';
import type { SealedDigestView } from './sealed-digest.representation';
import { GetDigestQuery } from './get-digest.query';

/** Reads the day's settlement stream itself: a seal exists once the day is closed with one. */
@QueryHandler(GetDigestQuery)
export class GetDigestHandler implements IQueryHandler<GetDigestQuery, SealedDigestView> {
  constructor(private readonly days: SettlementDays) {}

  async execute({ date }: GetDigestQuery): Promise<SealedDigestView> {
    const digest = sealedDigestDocument(await closedDay(this.days, date));
    if (digest === null) throw digestNotAvailable(date);
    return digest;
  }
}
