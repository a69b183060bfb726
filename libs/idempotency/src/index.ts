/**
 * libs/idempotency: Idempotency-Key records in the event store (DESIGN.md §5, docs/adr/0003) and
 * the keyed fingerprint of a request.
 */
export * from './idempotency.module';
export * from './idempotency.service';
export * from './request-fingerprint';
