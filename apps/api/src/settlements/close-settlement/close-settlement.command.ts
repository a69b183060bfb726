import { Command } from '@nestjs/cqrs';
import type { BusinessDate } from '@lib/ledger';
import type { CommandMeta } from '@lib/commands';
import type { SettlementView } from '../shared/settlement.representation';

export class CloseSettlementCommand extends Command<SettlementView> {
  constructor(
    readonly date: BusinessDate,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
