// The worker app's entry point for the composition root (apps/server): nothing else is public.
export { WorkerModule } from './worker.module';
