/**
 * TEST CODE ONLY: a test double of EventStoreDB's gRPC wire protocol, not a product feature.
 *
 * An in-process @grpc/grpc-js server on 127.0.0.1 (a free port) that registers only the Streams
 * service from @eventstore/db-client's own generated definitions, so that the real v6 client talks
 * to it through its real code paths. ServerFeatures is left out on purpose: the client then answers
 * UNIMPLEMENTED with "nothing supported" and uses the classic client-streaming Append. Gossip is not
 * needed for a single-host connection string. See docs/adr/0007.
 *
 * What it proves: our adapter speaks the client's API and the wire the client produces. What it does
 * not prove: EventStoreDB's own behaviour (clusters, deletes, ACLs, scavenge, projections).
 */
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { InMemoryLog } from './in-memory-log';
import { streamsService, type SubscriptionControl } from './streams-service';
import { encodeUtf8 } from './wire';

export interface EsdbTestServer {
  /** `esdb://127.0.0.1:<port>?tls=false`, ready for the client. */
  readonly url: string;
  readonly port: number;
  readonly log: InMemoryLog;
  /** Ends every open subscription call with `code` (UNAVAILABLE by default), as a dropped link would. */
  killSubscriptions(code?: grpc.status): number;
  /** Refuses the next `count` subscription calls with UNAVAILABLE. */
  refuseSubscriptions(count: number): void;
  /** How many subscription calls are open. */
  openSubscriptions(): number;
  stop(): Promise<void>;
}

/** System events EventStoreDB writes on its own: the adapter must never hand them to the ledger. */
function seedSystemEvents(log: InMemoryLog): void {
  const json = (value: unknown): Uint8Array => encodeUtf8(JSON.stringify(value));
  log.append('$$$stats-127.0.0.1:2113', 'any', [
    {
      id: '00000000-0000-4000-8000-000000000001',
      type: '$metadata',
      contentType: 'application/json',
      data: json({ $maxAge: 86400 }),
      customMetadata: new Uint8Array(),
    },
  ]);
  log.append('$stats-127.0.0.1:2113', 'any', [
    {
      id: '00000000-0000-4000-8000-000000000002',
      type: '$statsCollected',
      contentType: 'application/json',
      data: json({ 'proc-cpu': 1 }),
      customMetadata: new Uint8Array(),
    },
  ]);
}

export async function startEsdbTestServer(): Promise<EsdbTestServer> {
  const log = new InMemoryLog();
  seedSystemEvents(log);
  const control: SubscriptionControl = { live: new Set(), refuseNext: 0 };
  const server = new grpc.Server();
  server.addService(StreamsService, streamsService(log, control));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    killSubscriptions(code = grpc.status.UNAVAILABLE) {
      const calls = [...control.live];
      control.live.clear();
      for (const call of calls) call.emit('error', { code, details: 'Killed by the test server' });
      return calls.length;
    },
    refuseSubscriptions(count) {
      control.refuseNext = count;
    },
    openSubscriptions: () => control.live.size,
    stop: () =>
      new Promise<void>((resolve) => {
        // Open subscriptions never end by themselves: force them, or the shutdown would wait forever.
        server.forceShutdown();
        resolve();
      }),
  };
}
