import { Command } from '@nestjs/cqrs';
import type { BusinessDate } from '@lib/ledger';
import type { CommandMeta } from '../../payments/shared/command-meta';
import type { SettlementView } from '../shared/settlement.representation';

export class CloseSettlementCommand extends Command<SettlementView> {
  constructor(
    readonly date: BusinessDate,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
