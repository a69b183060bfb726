export * from './event-store.port';
export * from './errors';
export { MemoryEventStore, type MemoryEventStoreOptions } from './memory/memory-event-store';
export { SqliteEventStore, type SqliteEventStoreSettings } from './sqlite/sqlite-event-store';
export {
  openSqliteEventStore,
  type OpenSqliteEventStoreOptions,
} from './sqlite/open-sqlite-event-store';
