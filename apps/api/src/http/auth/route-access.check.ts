import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators';

/**
 * Refuses to start when a route has neither @Roles() nor @Public(). The guard would answer 403 to
 * everyone on such a route anyway; failing at start-up turns a forgotten decorator into a message
 * the engineer sees at once instead of a mystery in production.
 */
@Injectable()
export class RouteAccessCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const unmarked = this.discovery.getControllers().flatMap(({ metatype }) => {
      if (typeof metatype !== 'function') {
        return [];
      }
      const prototype = metatype.prototype as Record<string, unknown>;
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) {
          return [];
        }
        const targets = [handler, metatype];
        const marked =
          this.reflector.getAllAndOverride<unknown>(PUBLIC_KEY, targets) === true ||
          this.reflector.getAllAndOverride<unknown>(ROLES_KEY, targets) !== undefined;
        return marked ? [] : [`${metatype.name}.${name}`];
      });
    });
    if (unmarked.length > 0) {
      throw new Error(
        `Routes without @Roles() or @Public(): ${unmarked.join(', ')}. Say who may call them.`,
      );
    }
  }
}
