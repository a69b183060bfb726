import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SettlementCloser, settlementDocument } from '@lib/settlement';
import type { SettlementView } from '../shared/settlement.representation';
import { CloseSettlementCommand } from './close-settlement.command';

/** R18: closes the day now, or answers the report it was closed with (idempotent). */
@CommandHandler(CloseSettlementCommand)
export class CloseSettlementHandler implements ICommandHandler<
  CloseSettlementCommand,
  SettlementView
> {
  constructor(private readonly closer: SettlementCloser) {}

  async execute({ date, meta }: CloseSettlementCommand): Promise<SettlementView> {
    const [closed] = await this.closer.close([date], meta);
    if (closed === undefined) throw new Error(`Closing ${date} gave no settlement`);
    return settlementDocument(closed);
  }
}
