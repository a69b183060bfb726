/**
 * libs/infrastructure: what a process opens at start-up from its configuration (the event store,
 * the clock, the gateway, ids and time for waiting), as one global Nest module.
 */
export * from './infrastructure.module';
export * from './test-clock-stream';
