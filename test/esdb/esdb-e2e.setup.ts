// TEST CODE ONLY: the setup of the Jest project that reruns the payment e2e suites on EventStoreDB.
import { stopEsdbTestServers } from './esdb-test-store';

process.env.LEDGER_TEST_STORE = 'esdb';
afterAll(() => stopEsdbTestServers());
