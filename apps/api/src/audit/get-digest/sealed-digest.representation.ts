import { ApiProperty } from '@nestjs/swagger';
import { DIGEST_FORMAT, type SealedDigestDocument } from '@lib/audit';
import { BUSINESS_DATE, COUNT, INSTANT } from '../../openapi/properties.openapi';

/**
 * A close's seal (DESIGN.md §5, docs/audit.md): the answer of `GET /v1/audit/digests/{date}`, the
 * very content of `settlements/<date>.digest`.
 */
export class SealedDigestView implements SealedDigestDocument {
  @ApiProperty({
    enum: [DIGEST_FORMAT],
    description: 'Names the format and the rules that check it',
  })
  readonly format!: typeof DIGEST_FORMAT;
  @ApiProperty({ ...BUSINESS_DATE, description: 'The KST day closed' })
  readonly date!: string;
  @ApiProperty({ ...INSTANT, example: '2026-12-02T00:00:00.000+09:00' }) readonly closedAt!: string;
  @ApiProperty({
    example: '1041',
    description: 'Exclusive: the previous close\u2019s cut (decimal position; "0" for the first)',
  })
  readonly previousCut!: string;
  @ApiProperty({
    example: '1290',
    description: 'Inclusive: this close\u2019s cut (decimal position)',
  })
  readonly cut!: string;
  @ApiProperty({
    example: '9f2c…',
    description:
      'Merkle root (hex) over the hashes of the events in (previousCut, cut], in log order',
  })
  readonly root!: string;
  @ApiProperty({
    example: '41d0…',
    description:
      'Merkle root over the same hashes sorted: `setRoot` equal and `root` unequal means reordered',
  })
  readonly setRoot!: string;
  @ApiProperty({ ...COUNT, example: 249, description: 'How many events the seal covers' })
  readonly count!: number;
  @ApiProperty({ nullable: true, type: String, example: '1042', description: 'Null: no event' })
  readonly firstPosition!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1290', description: 'Null: no event' })
  readonly lastPosition!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '5b1e…',
    description: 'The hash of the last event sealed; null: no event',
  })
  readonly lastHash!: string | null;
}
