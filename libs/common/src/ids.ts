import { randomUUID } from 'node:crypto';

/** Fresh opaque ids (payment, item, reservation and correlation ids). */
export type IdGenerator = () => string;

export const ID_GENERATOR = Symbol('IdGenerator');

/** Production's ids: random UUIDs. The simulator passes a seeded generator instead. */
export const randomIds: IdGenerator = () => randomUUID();
