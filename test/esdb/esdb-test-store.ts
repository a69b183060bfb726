/**
 * TEST CODE ONLY. Runs the end-to-end suites a second time on LEDGER_STORE=esdb: when the Jest
 * project `e2e on EventStoreDB` sets LEDGER_TEST_STORE=esdb, every test app gets a wire-level
 * EventStoreDB test server (test/esdb) instead of a SQLite file. One server per data folder, so a
 * test that restarts the app on the same folder finds its events again; all are stopped after the
 * test file.
 */
import { startEsdbTestServer, type EsdbTestServer } from './esdb-test-server';

const servers = new Map<string, Promise<EsdbTestServer>>();

export function onEventStoreDb(): boolean {
  return process.env.LEDGER_TEST_STORE === 'esdb';
}

/** The store settings for a test app on `dataDir`, starting its test server on first use. */
export async function esdbEnvFor(dataDir: string): Promise<NodeJS.ProcessEnv> {
  let server = servers.get(dataDir);
  if (server === undefined) {
    server = startEsdbTestServer();
    servers.set(dataDir, server);
  }
  return { LEDGER_STORE: 'esdb', LEDGER_ESDB_URL: (await server).url };
}

export async function stopEsdbTestServers(): Promise<void> {
  const all = [...servers.values()];
  servers.clear();
  await Promise.all(all.map(async (server) => (await server).stop()));
}
