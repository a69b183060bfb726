import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { ReadModels } from '@lib/projections';
import { freeDiskBytes } from './free-disk-space';
import { READINESS_CHECKS, notReady, shuttingDown } from './health.problems';

/**
 * Whether this process should be sent traffic (`/health/ready`, `/health`): its event store
 * answers a read, its read models are within LEDGER_READY_MAX_PROJECTION_LAG events of the log's
 * end (a stopped or failing projection runner falls behind), and the data folder's file system
 * has LEDGER_READY_MIN_FREE_DISK_MB free. Terminus runs the checks side by side; a failure is
 * answered as a problem (503) naming the first failed check, with what each failed one found.
 */
@Injectable()
export class Readiness {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.storeAnswers(),
        () => this.projectionsCaughtUp(),
        () => this.diskHasRoom(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      if (result.status === 'shutting_down') throw shuttingDown();
      const failed = READINESS_CHECKS.filter((check) => result.error?.[check] !== undefined);
      throw notReady(
        failed,
        failed.map((check) => `${check}: ${String(result.error?.[check]?.message)}`),
      );
    }
  }

  private async storeAnswers(): Promise<HealthIndicatorResult<'store'>> {
    const check = this.indicators.check('store');
    try {
      await this.store.readStream('health-probe', { maxCount: 1 });
      return check.up();
    } catch {
      return check.down({ message: 'the event store did not answer a read' });
    }
  }

  private async projectionsCaughtUp(): Promise<HealthIndicatorResult<'projections'>> {
    const check = this.indicators.check('projections');
    const maxLagEvents = this.config.readiness.maxProjectionLagEvents;
    let lag;
    try {
      lag = await this.readModels.lag(maxLagEvents + 1);
    } catch {
      return check.down({ message: 'the lag behind the log could not be read' });
    }
    const figures = { lagEvents: lag.events, lagSeconds: lag.seconds, maxLagEvents };
    if (lag.events <= maxLagEvents) return check.up(figures);
    return check.down({
      ...figures,
      message:
        `the read models are more than ${maxLagEvents} event(s) behind the log, the oldest ` +
        `unapplied one ${lag.seconds.toFixed(1)} s old (LEDGER_READY_MAX_PROJECTION_LAG)`,
    });
  }

  private async diskHasRoom(): Promise<HealthIndicatorResult<'disk'>> {
    const check = this.indicators.check('disk');
    const minFreeBytes = this.config.readiness.minFreeDiskBytes;
    let freeBytes;
    try {
      freeBytes = await freeDiskBytes(this.config.dataDir);
    } catch {
      return check.down({ message: "the data folder's free space could not be read" });
    }
    if (freeBytes >= minFreeBytes) return check.up({ freeBytes, minFreeBytes });
    return check.down({
      freeBytes,
      minFreeBytes,
      message:
        `the data folder's file system has ${mebibytes(freeBytes)} MB free, under the floor ` +
        `of ${mebibytes(minFreeBytes)} MB (LEDGER_READY_MIN_FREE_DISK_MB)`,
    });
  }
}

function mebibytes(bytes: number): string {
  return Math.floor(bytes / (1024 * 1024)).toLocaleString('en-US');
}
