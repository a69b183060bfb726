// The composition root: builds a process in its role (used by main.ts and the end-to-end tests).
export { createApp, type CreateAppOptions } from './bootstrap';
export type { TestRoutes } from './server.module';
