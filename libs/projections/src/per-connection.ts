import type Database from 'better-sqlite3';
import type { ReadModelDatabase } from './projection';

/**
 * One instance of `create(db)` per connection, made on first use: prepared statements are made
 * once, not per event or per query (preparing would dominate a rebuild).
 */
export function perConnection<T>(
  create: (db: ReadModelDatabase) => T,
): (db: ReadModelDatabase) => T {
  const instances = new WeakMap<ReadModelDatabase, T>();
  return (db) => {
    let instance = instances.get(db);
    if (instance === undefined) {
      instance = create(db);
      instances.set(db, instance);
    }
    return instance;
  };
}

/** A statement prepared once per connection and SQL text (for queries assembled from parts). */
export const preparedStatement = perConnection((db) => {
  const statements = new Map<string, Database.Statement>();
  return (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
});
