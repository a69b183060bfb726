import { DynamicModule, Module } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import { HealthController } from './health/health.controller';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController],
      providers: [{ provide: LEDGER_CONFIG, useValue: config }],
    };
  }
}
