import { createServer, type Socket } from 'node:net';
import { EsdbConnectionStringError, EsdbUnavailableError, openEsdbEventStore } from '../src';
import { startEsdbTestServer } from '../../../test/esdb/esdb-test-server';

/** Start-up with LEDGER_STORE=esdb fails fast and says why, rather than hanging. */
describe('openEsdbEventStore: start-up', () => {
  it('given a malformed connection string, then it fails at once naming the expected form', async () => {
    await expect(openEsdbEventStore('http://localhost:2113')).rejects.toThrow(
      EsdbConnectionStringError,
    );
    await expect(openEsdbEventStore('esdb://localhost:notaport')).rejects.toThrow(
      /esdb:\/\/localhost:2113\?tls=false/,
    );
  });

  it('given no server at the address, then it fails within the start-up timeout', async () => {
    const server = await startEsdbTestServer();
    await server.stop();
    const started = Date.now();
    const opening = openEsdbEventStore(server.url, { startupTimeoutMs: 1500 });
    await expect(opening).rejects.toThrow(EsdbUnavailableError);
    await expect(opening).rejects.toThrow(/did not answer a read \(waited up to 1500 ms\)/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('given a server that accepts connections but never answers, then it fails within the start-up timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const started = Date.now();
    try {
      await expect(
        openEsdbEventStore(`esdb://127.0.0.1:${port}?tls=false`, { startupTimeoutMs: 1000 }),
      ).rejects.toThrow(EsdbUnavailableError);
      expect(Date.now() - started).toBeLessThan(3500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('given credentials in the connection string, then the error does not repeat them', async () => {
    const server = await startEsdbTestServer();
    await server.stop();
    const url = server.url.replace('esdb://', 'esdb://admin:secret@');
    await expect(openEsdbEventStore(url, { startupTimeoutMs: 500 })).rejects.toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    );
  });

  it('given a server, then it opens and the store works', async () => {
    const server = await startEsdbTestServer();
    const store = await openEsdbEventStore(server.url);
    await expect(store.readAll()).resolves.toEqual([]);
    await store.close();
    await server.stop();
  });
});
