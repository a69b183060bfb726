import { EventStoreDBClient } from '@eventstore/db-client';
import { EsdbEventStore, type EsdbEventStoreSettings } from './esdb-event-store';

export interface OpenEsdbEventStoreOptions extends EsdbEventStoreSettings {
  /**
   * How long start-up waits for the server to answer one read (default 5,000 ms). A wrong host
   * must stop the process with a message, not leave it hanging until the first request.
   */
  readonly startupTimeoutMs?: number;
}

/** The connection string is not one EventStoreDB's client accepts. */
export class EsdbConnectionStringError extends Error {
  override readonly name = 'EsdbConnectionStringError';
}

/** The server did not answer the start-up read in time (or refused it). */
export class EsdbUnavailableError extends Error {
  override readonly name = 'EsdbUnavailableError';
}

/**
 * Connects to EventStoreDB at `url` (e.g. `esdb://localhost:2113?tls=false`, or several hosts for
 * a cluster) and proves the server answers by reading one event of `$all`: the client's channel is
 * lazy, so without this a dead server would show only at the first request.
 */
export async function openEsdbEventStore(
  url: string,
  options: OpenEsdbEventStoreOptions = {},
): Promise<EsdbEventStore> {
  const client = connect(url);
  const timeoutMs = options.startupTimeoutMs ?? 5000;
  try {
    await withTimeout(probe(client, timeoutMs), timeoutMs);
  } catch (error) {
    // Bounded too: dispose() waits for the cancelled probe, which a silent server may never end.
    await withTimeout(client.dispose(), 1000).catch(() => undefined);
    const cause = error instanceof Error ? error.message : String(error);
    throw new EsdbUnavailableError(
      `EventStoreDB at ${redact(url)} did not answer a read (waited up to ${timeoutMs} ms): ${cause}`,
    );
  }
  return new EsdbEventStore(client, options);
}

function connect(url: string): EventStoreDBClient {
  try {
    return EventStoreDBClient.connectionString(url);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new EsdbConnectionStringError(
      `LEDGER_ESDB_URL is not an EventStoreDB connection string (e.g. esdb://localhost:2113?tls=false): ${cause}`,
    );
  }
}

async function probe(client: EventStoreDBClient, deadlineMs: number): Promise<void> {
  // Read to the end rather than `break`: a read left half-consumed is never "finished", and the
  // client's dispose() waits for every call it made to finish.
  for await (const _event of client.readAll({ maxCount: 1, deadline: deadlineMs })) continue;
}

/** The client's deadline covers the call, not cluster discovery: this bounds the whole wait. */
function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Credentials in the userinfo part must not reach logs. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
