import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { ApiRole } from '@lib/common';
import { ApiProblemResponses } from '../problem/problem.openapi';

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/**
 * The roles that may call a route (DESIGN.md §6), on a handler or a controller; the handler's
 * list wins. Also documents the bearer scheme and the 401/403 answers.
 */
export function Roles(...roles: [ApiRole, ...ApiRole[]]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiProblemResponses(
      { status: 401, codes: ['UNAUTHENTICATED'], description: 'No API key, or an unknown one' },
      {
        status: 403,
        codes: ['FORBIDDEN'],
        description: `The API key's role is not one of: ${roles.join(', ')}`,
      },
    ),
  );
}

/**
 * A route anyone may call (health, metrics). Every other route must name its roles: the
 * application refuses to start with a route that has neither.
 */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}
