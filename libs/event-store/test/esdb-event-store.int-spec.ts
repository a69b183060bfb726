import { openEsdbEventStore } from '../src';
import { startEsdbTestServer, type EsdbTestServer } from '../../../test/esdb/esdb-test-server';
import { describeEventStoreContract } from './event-store.contract';

/**
 * The port's contract against the EventStoreDB adapter, through the real v6 client, over the wire
 * to the in-process test server (test/esdb). One server for the file: the contract holds on a
 * store that already holds other tests' events, as a shared EventStoreDB would.
 */
let server: EsdbTestServer;

beforeAll(async () => {
  server = await startEsdbTestServer();
});

afterAll(async () => {
  await server.stop();
});

describeEventStoreContract('EventStoreDB adapter (wire-level test server)', () =>
  openEsdbEventStore(server.url),
);

/**
 * The same contract against a real EventStoreDB when LEDGER_ESDB_URL names one (e.g. the node of
 * docker/docker-compose.yml: esdb://localhost:2113?tls=false). CI has no server, so it is skipped.
 */
const realServer = process.env.LEDGER_ESDB_URL;
if (realServer === undefined || realServer === '') {
  describe.skip('EventStore contract: real EventStoreDB (skipped: LEDGER_ESDB_URL is not set)', () => {
    it('needs LEDGER_ESDB_URL', () => undefined);
  });
} else {
  describeEventStoreContract(`real EventStoreDB at ${realServer}`, () =>
    openEsdbEventStore(realServer),
  );
}
