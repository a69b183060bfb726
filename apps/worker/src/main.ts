import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@lib/common';
import { WorkerModule } from './worker.module';

/**
 * The worker alone (the docker two-service setup): projections and sagas, no HTTP. `npm start`
 * does not use this; it runs the worker inside the API process.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: ['log', 'warn', 'error'],
  });
  // Enabled shutdown hooks close the app (the sagas finish their current step) and then re-send the
  // signal, which ends the process.
  app.enableShutdownHooks();
  // Every saga timer is unref'd (tests and the API's shutdown are never held up by one) and there
  // is no server socket here, so without this the process would exit once started.
  setInterval(() => undefined, 60_000);
  console.log(`Ledger worker running; event store: ${config.store} in ${config.dataDir}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
