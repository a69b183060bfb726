export { processesProjection } from './processes.projection';
export * from './processes.queries';
