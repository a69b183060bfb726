import * as path from 'node:path';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CLOCK,
  ConfigError,
  LEDGER_CONFIG,
  ManualClock,
  SystemClock,
  type Clock,
  type LedgerConfig,
} from '@lib/common';
import { openSqliteEventStore, type EventStore } from '@lib/event-store';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import { PAYMENT_GATEWAY, SandboxPaymentGateway, type PaymentGateway } from '@lib/gateway';

/** What a test (or another composition root) may supply instead of the defaults. */
export interface InfrastructureOverrides {
  readonly clock?: Clock;
  readonly eventStore?: EventStore;
  readonly gateway?: PaymentGateway;
}

/** The store file inside the data folder. */
export function eventStorePath(config: LedgerConfig): string {
  return path.join(config.dataDir, 'events.sqlite');
}

function openEventStore(config: LedgerConfig): EventStore {
  if (config.store !== 'sqlite') {
    // Said at start-up rather than discovered at the first request.
    throw new ConfigError(
      `LEDGER_STORE=${config.store} is not available in this build; use sqlite`,
    );
  }
  return openSqliteEventStore({ path: eventStorePath(config) });
}

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
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

/** Config, clock, event store and gateway: the ports every feature module injects. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: LedgerConfig, overrides: InfrastructureOverrides = {}): DynamicModule {
    const providers = [
      { provide: LEDGER_CONFIG, useValue: config },
      { provide: CLOCK, useValue: overrides.clock ?? clockFor(config) },
      {
        provide: EVENT_STORE,
        useFactory: (): EventStore => overrides.eventStore ?? openEventStore(config),
      },
      { provide: PAYMENT_GATEWAY, useValue: overrides.gateway ?? new SandboxPaymentGateway() },
      EventStoreLifecycle,
    ];
    return {
      module: InfrastructureModule,
      providers,
      exports: [LEDGER_CONFIG, CLOCK, EVENT_STORE, PAYMENT_GATEWAY],
    };
  }
}
