import {
  getSchemaPath,
  type OpenAPIObject,
  type OperationObject,
  type PathItemObject,
  type ResponseObject,
} from '@nestjs/swagger';
import type { RateLimitSettings } from '@lib/common';
import { HTTP_PROBLEMS } from '../problem/problem-catalog';
import { PROBLEM_MEDIA_TYPE } from '../problem/problem';
import { ProblemSchema } from '../problem/problem.openapi';
import { GUEST_LOOKUP_ROUTE, PAYER_ROUTES } from './rate-limits';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Adds `429 RATE_LIMITED` (with `Retry-After`) to the operations this process limits: the guest
 * look-up and the payer routes when their limits are on; every operation but the probes when a
 * limit per API key or per address is. A limited route missing from the document is a bug here.
 */
export function documentRateLimits(document: OpenAPIObject, settings: RateLimitSettings): void {
  const limited = new Set<string>();
  if (settings.guestLookupsPerPhone > 0) limited.add(GUEST_LOOKUP_ROUTE);
  if (settings.requestsPerPayer > 0) Object.keys(PAYER_ROUTES).forEach((r) => limited.add(r));
  const everywhere = settings.requestsPerApiKey > 0 || settings.requestsPerAddress > 0;
  for (const route of limited) {
    const [method = '', url = ''] = route.split(' ');
    const path = url.replace(/:(\w+)/g, '{$1}');
    const pathItem: PathItemObject | undefined = document.paths[path];
    const operation = pathItem?.[method.toLowerCase() as (typeof METHODS)[number]];
    if (operation === undefined) {
      throw new Error(`The rate-limited route ${route} is not in the OpenAPI document`);
    }
    addRateLimited(operation);
  }
  if (!everywhere) return;
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (path === '/metrics' || path.startsWith('/health')) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (operation !== undefined) addRateLimited(operation);
    }
  }
}

function addRateLimited(operation: OperationObject): void {
  const existing = operation.responses['429'] as ResponseObject | undefined;
  if (existing?.description.includes('RATE_LIMITED') === true) return;
  const description =
    existing === undefined
      ? `${HTTP_PROBLEMS.RATE_LIMITED.title} (code: RATE_LIMITED)`
      : existing.description.includes('(code: ')
        ? existing.description.replace(/\)$/, ', RATE_LIMITED)')
        : `${existing.description} (code: RATE_LIMITED)`;
  operation.responses['429'] = {
    ...existing,
    description,
    headers: {
      ...existing?.headers,
      'Retry-After': {
        description: 'Seconds to wait before the limit lets this request through again',
        schema: { type: 'integer' },
      },
    },
    content: existing?.content ?? {
      [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemSchema) } },
    },
  };
}
