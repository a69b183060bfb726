/**
 * The data folder as the checks read it, beside the running service (or after its death): the
 * event store's log (read once, then only the new events: events never change, and `ledger
 * verify` proves it) and the sandbox PG's books. Both files are SQLite in WAL mode, which lets a
 * reader in while the service writes.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';

export interface LoggedEvent {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

export interface SandboxRefund {
  readonly cancellationId: string;
  readonly pgTransactionId: string;
  readonly paymentId: string;
  readonly amount: number;
}

export interface SandboxVoid {
  readonly pgTransactionId: string;
  readonly paymentId: string;
  readonly amount: number;
}

export interface SandboxBooks {
  readonly refunds: SandboxRefund[];
  readonly voids: SandboxVoid[];
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

function open(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
}

export class DataFolder {
  private readonly events: LoggedEvent[] = [];

  constructor(readonly dir: string) {}

  get eventsFile(): string {
    return path.join(this.dir, 'events.sqlite');
  }

  /** The whole log, in position order. */
  log(): readonly LoggedEvent[] {
    if (!existsSync(this.eventsFile)) return this.events;
    const db = open(this.eventsFile);
    try {
      const after = this.events.at(-1)?.position ?? 0;
      const rows = db
        .prepare<[number], EventRow>(
          'SELECT position, stream_id, revision, type, data, metadata FROM events' +
            ' WHERE position > ? ORDER BY position',
        )
        .all(after);
      for (const row of rows) {
        this.events.push({
          position: row.position,
          stream: row.stream_id,
          revision: row.revision,
          type: row.type,
          data: JSON.parse(row.data) as Record<string, unknown>,
          metadata: JSON.parse(row.metadata) as Record<string, unknown>,
        });
      }
    } finally {
      db.close();
    }
    return this.events;
  }

  /** The last position of the log now (0 when empty). */
  lastPosition(): number {
    const db = open(this.eventsFile);
    try {
      const row = db.prepare('SELECT max(position) AS last FROM events').get() as {
        last: number | null;
      };
      return row.last ?? 0;
    } finally {
      db.close();
    }
  }

  /** What the sandbox PG refunded and voided (its own file, DESIGN.md §6). */
  sandbox(): SandboxBooks {
    const file = path.join(this.dir, 'sandbox-pg.sqlite');
    if (!existsSync(file)) return { refunds: [], voids: [] };
    const db = open(file);
    try {
      const refunds = db
        .prepare(
          `SELECT cancellation_id AS cancellationId, pg_transaction_id AS pgTransactionId,
                  payment_id AS paymentId, amount_krw AS amount
             FROM sandbox_cancellations WHERE outcome = 'REFUNDED'`,
        )
        .all() as SandboxRefund[];
      const voids = db
        .prepare(
          `SELECT pg_transaction_id AS pgTransactionId, payment_id AS paymentId,
                  amount_krw AS amount FROM sandbox_voids`,
        )
        .all() as SandboxVoid[];
      return { refunds, voids };
    } finally {
      db.close();
    }
  }

  /** `settlements/<date>.<extension>` as the service wrote it, or null when it is missing. */
  settlementFile(date: string, extension: 'json' | 'csv' | 'digest'): string | null {
    const file = path.join(this.dir, 'settlements', `${date}.${extension}`);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  }

  /**
   * Runs `work` on a copy of the live read-model file with its -wal (a running service holds the
   * file exclusively; a copy taken while it is quiet is consistent, README), then removes it.
   */
  async withReadModelCopy<T>(work: (file: string) => Promise<T>): Promise<T> {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'ledger-chaos-rm-'));
    try {
      const live = path.join(this.dir, 'read-models.sqlite');
      const copy = path.join(scratch, 'read-models.sqlite');
      copyFileSync(live, copy);
      if (existsSync(`${live}-wal`)) copyFileSync(`${live}-wal`, `${copy}-wal`);
      return await work(copy);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}
