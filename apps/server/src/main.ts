import type { AddressInfo } from 'node:net';
import { DEV_API_KEYS, loadConfig } from '@lib/common';
import { createApp } from './bootstrap';

/** The one binary (DESIGN.md §5, §7): LEDGER_ROLE=all (default), api or worker. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  // The port actually bound: PORT=0 lets the system choose (tests start several processes).
  const { port } = app.getHttpServer().address() as AddressInfo;
  const serves =
    config.role === 'worker' ? 'health and metrics' : 'the API (OpenAPI at /docs), health, metrics';
  console.log(
    `Ledger ${config.role} process on http://localhost:${port}: ${serves}` +
      (config.role === 'api' ? '; no scheduled work' : '; runs the worker'),
  );
  console.log(
    (config.store === 'sqlite'
      ? `Event store: SQLite in ${config.dataDir}`
      : 'Event store: EventStoreDB') + `; read models in ${config.readModelFile}`,
  );
  if (config.testClock) {
    console.log(
      'Test clock on (LEDGER_TEST_CLOCK=true): the clock moves only by PUT /v1/test-clock',
    );
  }
  if (process.env.LEDGER_API_KEYS === undefined && config.role !== 'worker') {
    console.log(
      `Development API keys (role: key): ${Object.entries(DEV_API_KEYS)
        .map(([role, key]) => `${role}: ${key}`)
        .join(', ')}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
