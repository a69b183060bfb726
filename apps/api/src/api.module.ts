import { type DynamicModule, Module } from '@nestjs/common';
import type { LedgerConfig } from '@lib/common';
import { AuditModule } from './audit/audit.module';
import { PaymentsModule } from './payments/payments.module';
import { ReadSideModule } from './read-side/read-side.module';
import { SandboxPgModule } from './sandbox-pg/sandbox-pg.module';
import { SettlementsModule } from './settlements/settlements.module';
import { TestClockModule } from './test-clock/test-clock.module';

/** Every route of the HTTP contract (DESIGN.md §6) but health and metrics (OperationsModule). */
@Module({})
export class ApiModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PaymentsModule,
        ReadSideModule,
        SettlementsModule,
        AuditModule,
        SandboxPgModule,
        // DESIGN.md §6: without LEDGER_TEST_CLOCK=true the test-clock routes do not exist (404).
        ...(config.testClock ? [TestClockModule] : []),
      ],
    };
  }
}
