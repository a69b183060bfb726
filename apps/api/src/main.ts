import { DEV_API_KEYS, loadConfig } from '@lib/common';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  console.log(`Ledger API listening on http://localhost:${config.port} (OpenAPI at /docs)`);
  console.log(
    config.store === 'sqlite'
      ? `Event store: SQLite in ${config.dataDir}`
      : `Event store: EventStoreDB; read models in ${config.dataDir}`,
  );
  if (process.env.LEDGER_API_KEYS === undefined) {
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
