/**
 * TEST CODE ONLY. `Streams.Append` (classic client-streaming) and `Streams.Read` (reads of a stream
 * or `$all`, both directions, with a count; `$all` catch-up subscriptions with filters) over an
 * InMemoryLog, answering the way EventStoreDB answers the v6 client.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { InMemoryLog, LogEvent, ProposedEvent } from './in-memory-log';
import {
  appendSuccess,
  appendWrongExpectedVersion,
  caughtUp,
  checkpoint,
  confirmation,
  decodeExpected,
  decodeProposed,
  decodeReadRequest,
  decodeStreamName,
  eventResponse,
  streamNotFound,
  type ReadFilter,
  type ReadRequest,
  type streams,
} from './wire';

type ReadCall = grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>;
type AppendCall = grpc.ServerReadableStream<streams.AppendReq, streams.AppendResp>;

/** What a test may do to the server's live subscriptions. */
export interface SubscriptionControl {
  /** Open subscription calls, so that a test can kill them. */
  readonly live: Set<ReadCall>;
  /** How many coming subscription calls to refuse with UNAVAILABLE (a server still starting). */
  refuseNext: number;
}

export function streamsService(
  log: InMemoryLog,
  control: SubscriptionControl,
): Pick<IStreamsServer, 'append' | 'read'> & grpc.UntypedServiceImplementation {
  return {
    append: (call, callback) => append(log, call, callback),
    read: (call) => {
      try {
        read(log, control, call, decodeReadRequest(call.request));
      } catch (error) {
        call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: String(error) });
      }
    },
  };
}

function append(
  log: InMemoryLog,
  call: AppendCall,
  callback: grpc.sendUnaryData<streams.AppendResp>,
): void {
  let header: streams.AppendReq.Options | undefined;
  const proposed: ProposedEvent[] = [];
  call.on('data', (request: streams.AppendReq) => {
    const options = request.getOptions();
    const message = request.getProposedMessage();
    if (options !== undefined) header = options;
    if (message !== undefined) proposed.push(decodeProposed(message));
  });
  call.on('end', () => {
    if (header === undefined) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: 'Append without options' });
      return;
    }
    const expected = decodeExpected(header);
    const outcome = log.append(decodeStreamName(header.getStreamIdentifier()), expected, proposed);
    callback(
      null,
      outcome.ok
        ? appendSuccess(outcome.revision, outcome.position)
        : appendWrongExpectedVersion(expected, outcome.current),
    );
  });
}

function read(
  log: InMemoryLog,
  control: SubscriptionControl,
  call: ReadCall,
  request: ReadRequest,
): void {
  if (request.subscription) {
    if (request.kind === 'stream') {
      call.emit('error', {
        code: grpc.status.UNIMPLEMENTED,
        details: 'The test server subscribes to $all only',
      });
      return;
    }
    subscribe(log, control, call, request);
    return;
  }
  if (request.kind === 'stream') {
    const stream = log.stream(request.streamId);
    if (stream === undefined) call.write(streamNotFound(request.streamId));
    else
      writeAll(
        call,
        page(stream, (event) => event.revision, request),
      );
  } else {
    writeAll(
      call,
      page(log.allEvents(), (event) => event.position, request).filter(passes(request.filter)),
    );
  }
  call.end();
}

function writeAll(call: ReadCall, events: readonly LogEvent[]): void {
  for (const event of events) call.write(eventResponse(event));
}

/**
 * A page of a read. Forwards is inclusive of `from`; backwards from a revision is inclusive and
 * backwards from a position is exclusive, as EventStoreDB answers.
 */
function page(
  events: readonly LogEvent[],
  keyOf: (event: LogEvent) => bigint,
  request: { from: 'start' | 'end' | bigint; backwards: boolean; count: bigint; kind: string },
): LogEvent[] {
  const limit = Number(request.count > BigInt(events.length) ? events.length : request.count);
  const { from } = request;
  if (!request.backwards) {
    if (from === 'end') return [];
    return events.filter((event) => from === 'start' || keyOf(event) >= from).slice(0, limit);
  }
  if (from === 'start') return [];
  const before = events.filter((event) => {
    if (from === 'end') return true;
    return request.kind === 'all' ? keyOf(event) < from : keyOf(event) <= from;
  });
  return before.reverse().slice(0, limit);
}

function passes(filter: ReadFilter | undefined): (event: LogEvent) => boolean {
  if (filter === undefined) return () => true;
  const { prefixes, regex } = filter.expression;
  const pattern = regex === undefined ? undefined : new RegExp(regex);
  return (event) => {
    const value = filter.on === 'stream' ? event.streamId : event.type;
    return pattern ? pattern.test(value) : prefixes.some((prefix) => value.startsWith(prefix));
  };
}

/**
 * Confirmation first, then every stored event after `from` (exclusive), then `caught_up`, then live
 * events. The stored part is written and the live listener registered in one synchronous turn, so
 * that no append can fall between them. Filtered subscriptions also get `checkpoint`s.
 */
function subscribe(
  log: InMemoryLog,
  control: SubscriptionControl,
  call: ReadCall,
  request: Extract<ReadRequest, { kind: 'all' }>,
): void {
  if (control.refuseNext > 0) {
    control.refuseNext -= 1;
    call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'Refused by the test server' });
    return;
  }
  const matches = passes(request.filter);
  const every = request.filter?.checkpointEvery;
  let scanned = 0;
  const deliver = (event: LogEvent): void => {
    if (matches(event)) call.write(eventResponse(event));
    scanned += 1;
    if (every !== undefined && scanned % every === 0) call.write(checkpoint(event.position));
  };
  call.write(confirmation(randomUUID()));
  const stored = log.allEvents();
  const { from } = request;
  if (from !== 'end') {
    for (const event of stored) if (from === 'start' || event.position > from) deliver(event);
  }
  const last = stored.at(-1);
  if (every !== undefined && last !== undefined) call.write(checkpoint(last.position));
  call.write(caughtUp());
  const stop = log.onAppend(deliver);
  control.live.add(call);
  const close = (): void => {
    stop();
    control.live.delete(call);
  };
  call.on('cancelled', close);
  call.on('error', close);
  call.on('finish', close);
}
