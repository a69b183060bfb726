import type { AddressInfo } from 'node:net';
import { DEV_API_KEYS, loadConfig } from '@lib/common';
import { startTracing } from '@lib/observability';
import { createApp } from './bootstrap';
import { assertDataFolderWritable } from './data-folder';
import { stopGracefullyOnSignals } from './graceful-shutdown';

// First of all, before the app is built: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
const stopTracing = startTracing(process.env);

/** The one binary (DESIGN.md §5, §7): LEDGER_ROLE=all (default), api or worker. */
async function main(): Promise<void> {
  const config = loadConfig();
  assertDataFolderWritable(config);
  const app = await createApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  // Before the line below: whoever waits for it may stop the process at once.
  stopGracefullyOnSignals(app, {
    graceMs: config.shutdownGraceMs,
    // The spans still batched go to the collector before the process ends.
    exit: (code) => void stopTracing().finally(() => process.exit(code)),
  });
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
  // One line that says what and where (the error names the folder, file or setting), no stack.
  console.error(
    `Cannot start: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
  );
  process.exit(1);
});
