import { Module } from '@nestjs/common';
import { CancellationFence } from './cancellation-fence';
import { DueSettlements } from './due-settlements';
import { SettlementCalendar } from './settlement-calendar';
import { SettlementCloser } from './settlement-closer';
import { SettlementDays } from './settlement-days';
import { SettlementFiles } from './settlement-files';
import { SettlementLogScan } from './settlement-log-scan';

const SERVICES = [
  CancellationFence,
  DueSettlements,
  SettlementCalendar,
  SettlementCloser,
  SettlementDays,
  SettlementFiles,
  SettlementLogScan,
];

/** The settlement close protocol for Nest: plain classes, wired once per process. */
@Module({ providers: SERVICES, exports: SERVICES })
export class SettlementServicesModule {}
