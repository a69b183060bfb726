import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEDGER_ROLES, type LedgerRole, type StoreKind } from '@lib/common';

/** `GET /health`'s answer, as before readiness had checks of its own. */
export class HealthResponse {
  @ApiProperty({ example: 'ok' })
  readonly status!: 'ok';
  @ApiProperty({ enum: ['sqlite', 'esdb'] })
  readonly store!: StoreKind;
  @ApiProperty({ enum: LEDGER_ROLES, description: 'What this process does (LEDGER_ROLE)' })
  readonly role!: LedgerRole;
  @ApiPropertyOptional({
    example: '2026-12-02T00:05:00.000+09:00',
    description: 'Only with LEDGER_TEST_CLOCK=true: where this process’s test clock stands',
  })
  readonly testClock?: string;
}

export class LiveResponse {
  @ApiProperty({ example: 'ok' })
  readonly status!: 'ok';
}

export class StoreCheckView {
  @ApiProperty({ enum: ['up'] })
  readonly status!: 'up';
}

export class ProjectionsCheckView {
  @ApiProperty({ enum: ['up'] })
  readonly status!: 'up';
  @ApiProperty({ description: 'Events in the log the read models have not applied yet' })
  readonly lagEvents!: number;
  @ApiProperty({ description: 'Age of the oldest of them, in seconds (0 when caught up)' })
  readonly lagSeconds!: number;
  @ApiProperty({ description: 'The bound (LEDGER_READY_MAX_PROJECTION_LAG)' })
  readonly maxLagEvents!: number;
}

export class DiskCheckView {
  @ApiProperty({ enum: ['up'] })
  readonly status!: 'up';
  @ApiProperty({ description: "Bytes free on the data folder's file system" })
  readonly freeBytes!: number;
  @ApiProperty({ description: 'The floor (LEDGER_READY_MIN_FREE_DISK_MB, in bytes)' })
  readonly minFreeBytes!: number;
}

export class ReadinessChecksView {
  @ApiProperty({ type: () => StoreCheckView, description: 'The event store answers a read' })
  readonly store!: StoreCheckView;
  @ApiProperty({
    type: () => ProjectionsCheckView,
    description: 'The read models are within the bound of the log’s end',
  })
  readonly projections!: ProjectionsCheckView;
  @ApiProperty({
    type: () => DiskCheckView,
    description: 'The data folder has room above the floor',
  })
  readonly disk!: DiskCheckView;
}

/** Terminus's result of a passing check (@nestjs/terminus), as other NestJS services answer it. */
export class ReadinessResponse {
  @ApiProperty({ enum: ['ok'] })
  readonly status!: 'ok';
  @ApiProperty({ type: () => ReadinessChecksView, description: 'The checks that passed: all' })
  readonly info!: ReadinessChecksView;
  @ApiProperty({
    type: 'object',
    properties: {},
    description: 'The checks that failed: none (a failure answers 503)',
  })
  readonly error!: Record<string, never>;
  @ApiProperty({ type: () => ReadinessChecksView, description: 'Every check' })
  readonly details!: ReadinessChecksView;
}
