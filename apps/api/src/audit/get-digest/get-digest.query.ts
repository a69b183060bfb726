import { Query } from '@nestjs/cqrs';
import type { BusinessDate } from '@lib/ledger';
import type { SealedDigestView } from './sealed-digest.representation';

export class GetDigestQuery extends Query<SealedDigestView> {
  constructor(readonly date: BusinessDate) {
    super();
  }
}
