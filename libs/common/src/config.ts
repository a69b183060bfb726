import * as path from 'node:path';

export type StoreKind = 'sqlite' | 'esdb';

/** Everything the service reads from the environment, validated once at start-up. */
export interface LedgerConfig {
  readonly port: number;
  readonly production: boolean;
  readonly dataDir: string;
  readonly store: StoreKind;
  readonly esdbUrl: string | undefined;
  readonly testClock: boolean;
}

export const LEDGER_CONFIG = Symbol('LedgerConfig');

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const production = env.NODE_ENV === 'production';
  const port = parsePort(env.PORT ?? '3000');
  const store = (env.LEDGER_STORE ?? 'sqlite') as StoreKind;
  if (store !== 'sqlite' && store !== 'esdb') {
    throw new ConfigError(
      `LEDGER_STORE must be "sqlite" or "esdb", not "${String(env.LEDGER_STORE)}"`,
    );
  }
  const esdbUrl = env.LEDGER_ESDB_URL;
  if (store === 'esdb' && !esdbUrl) {
    throw new ConfigError(
      'LEDGER_STORE=esdb needs LEDGER_ESDB_URL (e.g. esdb://localhost:2113?tls=false)',
    );
  }
  return {
    port,
    production,
    dataDir: path.resolve(env.LEDGER_DATA_DIR ?? 'data'),
    store,
    esdbUrl,
    testClock: env.LEDGER_TEST_CLOCK === 'true',
  };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, not "${value}"`);
  }
  return port;
}
