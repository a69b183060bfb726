import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiRole } from '@lib/common';
import type { FastifyRequest } from 'fastify';
import { httpProblem } from '../problem/problem-catalog';
import { attachActor } from './actor';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators';
import { ApiKeyAuthenticator, bearerTokenOf } from './api-key.authenticator';

const REALM = 'Bearer realm="judgment-fee-ledger"';

/**
 * The global guard: every route is closed unless it is @Public() or the caller's key has one of
 * its @Roles(). No key or an unknown key is 401, a key of another role is 403 (DESIGN.md §6).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const token = bearerTokenOf(header);
    const actor = token === undefined ? undefined : this.authenticator.authenticate(token);
    if (actor === undefined) {
      // RFC 6750 §3: say which scheme to use, and whether the token sent was the trouble.
      const challenge = header === undefined ? REALM : `${REALM}, error="invalid_token"`;
      throw httpProblem('UNAUTHENTICATED', {}, { headers: { 'WWW-Authenticate': challenge } });
    }
    const roles = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_KEY, targets);
    if (roles === undefined || !roles.includes(actor.role)) {
      throw httpProblem('FORBIDDEN');
    }
    attachActor(request, actor);
    return true;
  }
}
