import { Module } from '@nestjs/common';
import { ReadModels } from './read-models.service';

/**
 * This replica's read models on their own, so the read routes and the worker's sagas (the R5 due
 * list) share the one ProjectionRunner of the process rather than each starting one on the file.
 */
@Module({ providers: [ReadModels], exports: [ReadModels] })
export class ReadModelsModule {}
