import * as path from 'node:path';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LedgerContext } from '@lib/commands';
import {
  CLOCK,
  ConfigError,
  ID_GENERATOR,
  LEDGER_CONFIG,
  ManualClock,
  RealTimeScheduler,
  SCHEDULER,
  SystemClock,
  randomIds,
  type Clock,
  type IdGenerator,
  type LedgerConfig,
  type Scheduler,
} from '@lib/common';
import {
  EVENT_STORE,
  EsdbConnectionStringError,
  openEsdbEventStore,
  openSqliteEventStore,
  type EventStore,
} from '@lib/event-store';
import {
  MeteredPaymentGateway,
  PAYMENT_GATEWAY,
  SandboxPg,
  adapterOf,
  type PaymentGateway,
} from '@lib/gateway';
import { isoInstant } from '@lib/ledger';
import { LedgerMetrics } from '@lib/metrics';
import { TestClockStream } from './test-clock-stream';

/** What a test (or another composition root) may supply instead of the defaults. */
export interface InfrastructureOverrides {
  readonly clock?: Clock;
  readonly eventStore?: EventStore;
  readonly gateway?: PaymentGateway;
  readonly scheduler?: Scheduler;
  readonly ids?: IdGenerator;
}

/** The store file inside the data folder. */
export function eventStorePath(config: LedgerConfig): string {
  return path.join(config.dataDir, 'events.sqlite');
}

/**
 * The store LEDGER_STORE names. EventStoreDB is opened here, before the app serves anything, so that
 * a malformed LEDGER_ESDB_URL or an unreachable server stops start-up within a few seconds with
 * its reason (openEsdbEventStore reads one event under a deadline) instead of hanging.
 */
async function openEventStore(config: LedgerConfig, clock: Clock): Promise<EventStore> {
  if (config.store === 'sqlite') {
    // The recording time comes from the application's clock too, so under the test clock an
    // event's `created` agrees with its `occurredAt`.
    return openSqliteEventStore({
      path: eventStorePath(config),
      now: () => clock.now().toJSDate(),
      maxPageCount: config.sqliteMaxPageCount,
    });
  }
  if (config.esdbUrl === undefined) {
    throw new ConfigError(
      'LEDGER_STORE=esdb needs LEDGER_ESDB_URL (e.g. esdb://localhost:2113?tls=false)',
    );
  }
  try {
    return await openEsdbEventStore(config.esdbUrl);
  } catch (error) {
    if (error instanceof EsdbConnectionStringError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * The default gateway: the sandbox PG, a system outside the ledger with its own file (DESIGN.md §6).
 * It stands in for a real PG's adapter, which would be chosen here by configuration.
 */
function sandboxPgFor(config: LedgerConfig, clock: Clock, scheduler: Scheduler): SandboxPg {
  return new SandboxPg({
    file: config.sandboxPgFile,
    scheduler,
    slowMs: config.sandboxSlowMs,
    now: () => isoInstant(clock.now()),
  });
}

/**
 * Closes the store and the sandbox PG's file last, in `onApplicationShutdown`: after every
 * `onModuleDestroy` (the projection runner, the reactor and the schedules stop at a checkpoint
 * there) and after the HTTP server has closed, so nothing appends once the store is closed.
 */
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      const adapter = adapterOf(this.gateway);
      if (adapter instanceof SandboxPg) adapter.close();
    } finally {
      await this.store.close();
    }
  }
}

/**
 * The application's clock. With LEDGER_TEST_CLOCK=true it is a ManualClock that starts at the real
 * current instant, read once here, and then moves only through PUT /v1/test-clock (DESIGN.md §6).
 */
function clockFor(config: LedgerConfig): Clock {
  if (!config.testClock) return new SystemClock();
  if (config.production) {
    // A clock anyone with the admin key can move would let them close days and expire transfers.
    throw new ConfigError('LEDGER_TEST_CLOCK=true is refused in production');
  }
  return new ManualClock(new SystemClock().now());
}

/**
 * Config, clock, ids, scheduler, event store and gateway: the ports every library and app injects,
 * and the decision context built on them. Global: imported once, by the composition root.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: LedgerConfig, overrides: InfrastructureOverrides = {}): DynamicModule {
    const clock = overrides.clock ?? clockFor(config);
    const scheduler = overrides.scheduler ?? new RealTimeScheduler();
    const providers = [
      { provide: LEDGER_CONFIG, useValue: config },
      { provide: CLOCK, useValue: clock },
      {
        provide: EVENT_STORE,
        useFactory: async (): Promise<EventStore> =>
          overrides.eventStore ?? (await openEventStore(config, clock)),
      },
      // The process's metrics (libs/metrics), which every library may record into.
      LedgerMetrics,
      {
        provide: PAYMENT_GATEWAY,
        inject: [LedgerMetrics],
        // Every PG call is counted and timed, whichever adapter talks to the PG.
        useFactory: (metrics: LedgerMetrics): PaymentGateway =>
          new MeteredPaymentGateway(
            overrides.gateway ?? sandboxPgFor(config, clock, scheduler),
            metrics,
          ),
      },
      { provide: SCHEDULER, useValue: scheduler },
      { provide: ID_GENERATOR, useValue: overrides.ids ?? randomIds },
      LedgerContext,
      EventStoreLifecycle,
      ...(config.testClock ? [TestClockStream] : []),
    ];
    return {
      module: InfrastructureModule,
      providers,
      exports: [
        LEDGER_CONFIG,
        CLOCK,
        EVENT_STORE,
        PAYMENT_GATEWAY,
        LedgerMetrics,
        SCHEDULER,
        ID_GENERATOR,
        LedgerContext,
        ...(config.testClock ? [TestClockStream] : []),
      ],
    };
  }
}
