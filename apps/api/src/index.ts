// The API app's entry point for the composition root (apps/server): nothing else is public.
export { ApiModule } from './api.module';
export { OperationsModule } from './operations.module';
export { HttpPlumbingModule } from './http/http-plumbing.module';
export { fastifyServerOptions } from './http/fastify-options';
export { configureHttpApp } from './http-app';
export { answerShuttingDown } from './shutting-down';
