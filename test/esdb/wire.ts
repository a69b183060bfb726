/**
 * TEST CODE ONLY. The typed layer between the wire-level test server and the protobuf classes that
 * @eventstore/db-client generates. Messages are built with the package's own modules: its gRPC
 * serializers check `instanceof` against exactly these classes. uint64 fields are decimal strings
 * (the package is generated with jstype = JS_STRING), so bigints cross here as strings.
 */
import * as shared from '@eventstore/db-client/generated/shared_pb';
import * as streams from '@eventstore/db-client/generated/streams_pb';
import type { Current, Expected, LogEvent, ProposedEvent } from './in-memory-log';

export { shared, streams };

export interface PrefixOrRegex {
  readonly prefixes: readonly string[];
  readonly regex: string | undefined;
}

export interface ReadFilter {
  readonly on: 'stream' | 'eventType';
  readonly expression: PrefixOrRegex;
  /** Events scanned between two checkpoints. */
  readonly checkpointEvery: number;
}

export type ReadRequest =
  | {
      readonly kind: 'stream';
      readonly streamId: string;
      readonly from: 'start' | 'end' | bigint;
      readonly backwards: boolean;
      readonly count: bigint;
      readonly subscription: boolean;
    }
  | {
      readonly kind: 'all';
      readonly from: 'start' | 'end' | bigint;
      readonly backwards: boolean;
      readonly count: bigint;
      readonly subscription: boolean;
      readonly filter: ReadFilter | undefined;
    };

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

export function decodeStreamName(identifier: shared.StreamIdentifier | undefined): string {
  if (identifier === undefined) throw new TypeError('A stream identifier is required');
  return utf8.decode(identifier.getStreamName_asU8());
}

function streamIdentifier(streamId: string): shared.StreamIdentifier {
  return new shared.StreamIdentifier().setStreamName(encoder.encode(streamId));
}

export function decodeReadRequest(request: streams.ReadReq): ReadRequest {
  const options = request.getOptions();
  if (options === undefined) throw new TypeError('ReadReq without options');
  const backwards = options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS;
  const subscription = options.hasSubscription();
  const count = options.hasCount() ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
  const stream = options.getStream();
  if (stream !== undefined) {
    const revision = stream.hasRevision() ? BigInt(stream.getRevision()) : undefined;
    return {
      kind: 'stream',
      streamId: decodeStreamName(stream.getStreamIdentifier()),
      from: revision ?? (stream.hasEnd() ? 'end' : 'start'),
      backwards,
      count,
      subscription,
    };
  }
  const all = options.getAll();
  if (all === undefined) throw new TypeError('ReadReq names neither a stream nor $all');
  const position = all.getPosition();
  return {
    kind: 'all',
    from: position ? BigInt(position.getCommitPosition()) : all.hasEnd() ? 'end' : 'start',
    backwards,
    count,
    subscription,
    filter: decodeFilter(options.getFilter()),
  };
}

function decodeFilter(
  filter: streams.ReadReq.Options.FilterOptions | undefined,
): ReadFilter | undefined {
  if (filter === undefined) return undefined;
  const byStream = filter.getStreamIdentifier();
  const expression = byStream ?? filter.getEventType();
  if (expression === undefined) return undefined;
  const window = filter.hasMax() ? filter.getMax() : 32;
  return {
    on: byStream ? 'stream' : 'eventType',
    expression: {
      prefixes: expression.getPrefixList(),
      regex: expression.getRegex() === '' ? undefined : expression.getRegex(),
    },
    checkpointEvery: Math.max(1, window * Math.max(1, filter.getCheckpointintervalmultiplier())),
  };
}

export function decodeExpected(options: streams.AppendReq.Options): Expected {
  if (options.hasRevision()) return BigInt(options.getRevision());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

export function decodeProposed(message: streams.AppendReq.ProposedMessage): ProposedEvent {
  const id = message.getId();
  if (id === undefined || !id.hasString()) throw new TypeError('A proposed message needs an id');
  const metadata = message.getMetadataMap();
  return {
    id: id.getString().toLowerCase(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

export function appendSuccess(revision: bigint, position: bigint): streams.AppendResp {
  const at = new streams.AppendResp.Position()
    .setCommitPosition(position.toString())
    .setPreparePosition(position.toString());
  const success = new streams.AppendResp.Success()
    .setCurrentRevision(revision.toString())
    .setPosition(at);
  return new streams.AppendResp().setSuccess(success);
}

export function appendWrongExpectedVersion(
  expected: Expected,
  current: Current,
): streams.AppendResp {
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (current === 'no_stream') wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(current.toString());
  if (expected === 'any') wrong.setExpectedAny(new shared.Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedRevision(expected.toString());
  return new streams.AppendResp().setWrongExpectedVersion(wrong);
}

export function eventResponse(event: LogEvent): streams.ReadResp {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(new shared.UUID().setString(event.id))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.createdTicks.toString());
  const read = new streams.ReadResp.ReadEvent()
    .setEvent(recorded)
    .setCommitPosition(event.position.toString());
  return new streams.ReadResp().setEvent(read);
}

export function streamNotFound(streamId: string): streams.ReadResp {
  const notFound = new streams.ReadResp.StreamNotFound().setStreamIdentifier(
    streamIdentifier(streamId),
  );
  return new streams.ReadResp().setStreamNotFound(notFound);
}

export function confirmation(subscriptionId: string): streams.ReadResp {
  return new streams.ReadResp().setConfirmation(
    new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId),
  );
}

export function caughtUp(): streams.ReadResp {
  return new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp());
}

export function checkpoint(position: bigint): streams.ReadResp {
  return new streams.ReadResp().setCheckpoint(
    new streams.ReadResp.Checkpoint()
      .setCommitPosition(position.toString())
      .setPreparePosition(position.toString()),
  );
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
