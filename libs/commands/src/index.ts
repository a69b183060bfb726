/**
 * libs/commands: how any decider of libs/ledger meets the event store. Who asked (CommandMeta), the
 * decision context (clock, ids, policy), the one command loop (load → decide → append with the
 * expected revision → bounded retry), the streams of an aggregate, and the refusal error.
 */
export * from './aggregate-streams';
export * from './command-loop';
export * from './command-meta';
export * from './idempotency';
export * from './ledger-context';
export * from './refused.error';
export * from './serial-by-key';
export * from './request-fingerprint';
