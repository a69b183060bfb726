import { Module } from '@nestjs/common';
import { ReadModels } from './read-models.service';

/**
 * This process's read models, so the read routes and the worker's sagas (the R5 due list, the
 * reactors' checkpoints) share the one ProjectionRunner of the process.
 */
@Module({ providers: [ReadModels], exports: [ReadModels] })
export class ReadModelsModule {}
