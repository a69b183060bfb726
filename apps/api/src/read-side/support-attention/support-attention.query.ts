import { Query } from '@nestjs/cqrs';
import type { AttentionListView } from './support-attention.representation';

export class SupportAttentionQuery extends Query<AttentionListView> {
  constructor(readonly limit: number) {
    super();
  }
}
