/**
 * libs/audit: tamper evidence (DESIGN.md §5, docs/audit.md). The canonical encoding and hash of an
 * event, the per-stream hash chain, the Merkle root of a sealed slice of the log, redaction of a
 * guest's secrets (R25), and the verifier.
 */
export * from './canonical-json';
export * from './event-hash';
export * from './merkle';
export * from './redaction';
export * from './chain';
export * from './seal';
export * from './audit-record';
export * from './log-reader';
export * from './verifier';
export * from './sealed-digest';
export * from './export-format';
export * from './verify-export';
