import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels, listAttention } from '@lib/projections';
import { SupportAttentionQuery } from './support-attention.query';
import type { AttentionListView } from './support-attention.representation';

/** R21, R22: the support desk's list of payments a person must settle with the PG. */
@QueryHandler(SupportAttentionQuery)
export class SupportAttentionHandler implements IQueryHandler<
  SupportAttentionQuery,
  AttentionListView
> {
  constructor(private readonly readModels: ReadModels) {}

  execute({ limit }: SupportAttentionQuery): Promise<AttentionListView> {
    return Promise.resolve({ attention: listAttention(this.readModels.db, limit) });
  }
}
