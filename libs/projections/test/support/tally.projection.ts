import { PAYMENT_EVENT_TYPES } from '@lib/ledger';
import { perConnection } from '../../src/per-connection';
import type { Projection } from '../../src/projection';

const insertFor = perConnection((db) =>
  db.prepare<[bigint, string, string]>('INSERT INTO tally VALUES (?, ?, ?)'),
);

/**
 * A test projection that is NOT idempotent: it inserts one row per payment event, keyed by the
 * event's position. Applying an event twice violates the primary key (the runner stops with
 * ProjectionApplyError); skipping one leaves a row missing. The payments projection would hide
 * both (it ignores revisions it already has), so this one is what lets a test catch the runner.
 */
export function tallyProjection(version = 1): Projection {
  return {
    name: 'tally',
    version,
    handles: PAYMENT_EVENT_TYPES,
    migrate: (db) =>
      db.exec(
        'CREATE TABLE IF NOT EXISTS tally (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL,' +
          ' type TEXT NOT NULL) STRICT',
      ),
    apply: (event, tx) => {
      insertFor(tx).run(event.position.commit, event.streamId, event.type);
    },
    drop: (db) => db.exec('DROP TABLE IF EXISTS tally'),
  };
}
