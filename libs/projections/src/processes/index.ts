export { processesProjection } from './processes.projection';
export * from './processes.queries';
export * from './processes.counts';
