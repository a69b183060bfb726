import { Query } from '@nestjs/cqrs';
import type { BusinessDate } from '@lib/ledger';
import type { SettlementView } from '../shared/settlement.representation';

export class GetSettlementQuery extends Query<SettlementView> {
  constructor(readonly date: BusinessDate) {
    super();
  }
}
