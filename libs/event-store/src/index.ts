export * from './event-store.port';
export * from './errors';
export {
  StorageUnavailableError,
  storageFaultOf,
  withStorageFaults,
  type StorageFaultKind,
} from './storage-fault';
export { MemoryEventStore, type MemoryEventStoreOptions } from './memory/memory-event-store';
export { SqliteEventStore, type SqliteEventStoreSettings } from './sqlite/sqlite-event-store';
export type { SlimEvent, SlimPage } from './sqlite/slim-events';
export { applySchema, configureConnection } from './sqlite/schema';
export {
  openSqliteEventStore,
  type OpenSqliteEventStoreOptions,
} from './sqlite/open-sqlite-event-store';
export { EsdbEventStore, type EsdbEventStoreSettings } from './esdb/esdb-event-store';
export type { ResubscribeOptions } from './esdb/esdb-subscription';
export {
  openEsdbEventStore,
  EsdbConnectionStringError,
  EsdbUnavailableError,
  type OpenEsdbEventStoreOptions,
} from './esdb/open-esdb-event-store';
export { EVENT_STORE } from './event-store.token';
