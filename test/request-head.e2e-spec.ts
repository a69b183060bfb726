/**
 * Two request heads Node's HTTP server used to answer by itself, outside the contract (found by
 * the fuzzer, test/fuzz): an HTTP/1.1 request without Host (a bare 400) and an Expect the server
 * cannot meet (a bare 417). Sent as raw bytes, since an HTTP client library would add a Host.
 */
import { connect } from 'node:net';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';

/** Sends `head` on a fresh connection and resolves with everything read until the server closes. */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
    socket.write(head);
  });
}

describe('request heads Node would answer outside the contract', () => {
  let ledger: LedgerProcess;

  beforeAll(async () => {
    ledger = await startLedgerProcess({});
  });
  afterAll(async () => {
    await ledger?.stop();
  });

  it('given an HTTP/1.1 request without Host, then it is a 400 problem document and the connection closes', async () => {
    const answer = await rawExchange(
      ledger.url,
      'GET /v1/test-clock HTTP/1.1\r\nAuthorization: Bearer dev-client-key\r\n\r\n',
    );

    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('"code":"BAD_REQUEST"');
  });

  it('given an Expect the ledger does not know, then the request is served as if it were absent', async () => {
    const answer = await rawExchange(
      ledger.url,
      'GET /health/live HTTP/1.1\r\nHost: ledger\r\nExpect: fz-unmet\r\nConnection: close\r\n\r\n',
    );

    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('given an HTTP/1.0 request without Host, then it is served (Host is required of HTTP/1.1 only)', async () => {
    const answer = await rawExchange(ledger.url, 'GET /health/live HTTP/1.0\r\n\r\n');

    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
