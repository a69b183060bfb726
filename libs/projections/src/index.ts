/**
 * libs/projections: read models kept from the global log (DESIGN.md §5, docs/adr/0004). One
 * `ProjectionRunner` per read-model file feeds every projection; queries are plain SQL reads.
 */
export type { Projection, ReadModelDatabase } from './projection';
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
export type { RebuildOptions, RebuildProgress, RebuildReport } from './rebuild-progress';
export { Backoff, DEFAULT_BACKOFF, type BackoffSettings } from './backoff';
export { PositionWaiters } from './position-waiters';
export {
  openReadModelDatabase,
  openScratchReadModelDatabase,
  ReadModelFileInUseError,
  type OpenReadModelOptions,
} from './read-model-database';
export {
  ProjectionApplyError,
  ProjectionRunnerStoppedError,
  WaitForPositionTimeoutError,
} from './errors';
export { comparePositions, hasReached } from './position';
export * from './payments';
export * from './processes';
export * from './member-payment-index';
export { ALL_PROJECTIONS, READ_MODEL_FILE } from './all-projections';
export { ReadModels } from './read-models.service';
export type { ProjectionLag } from './projection-lag';
export { ReadModelsModule } from './read-models.module';
export { SagaCheckpoints } from './saga-checkpoints';
export {
  rebuildReadModelFile,
  scratchFileOf,
  type RebuildFileOptions,
} from './rebuild-read-model-file';
