import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import type { LedgerConfig } from '@lib/common';
import { ApiKeyAuthenticator } from './auth/api-key.authenticator';
import { ApiKeyGuard } from './auth/api-key.guard';
import { RouteAccessCheck } from './auth/route-access.check';
import { ProblemFilter } from './problem/problem.filter';
import { createValidationPipe } from './validation/validation.pipe';

/**
 * What every route stands on: problem documents for every error, API-key authentication with
 * roles, and strict validation. Global through APP_*; import it once, in the root module.
 */
@Module({})
export class HttpPlumbingModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: HttpPlumbingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: ApiKeyAuthenticator, useValue: new ApiKeyAuthenticator(config.apiKeys) },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useValue: createValidationPipe() },
        RouteAccessCheck,
      ],
    };
  }
}
