import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/** Content-Security-Policy directives as helmet takes them: kebab-case names, source lists. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/**
 * The policy of every answer but the two pages below: the API answers data, never a page, so a
 * browser that is tricked into rendering one loads nothing, runs nothing, and frames it nowhere.
 */
export const API_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/**
 * Swagger UI at /docs: its scripts and stylesheet are files of this server (no inline script, no
 * eval); its page has inline `<style>` blocks and `style` attributes, hence `'unsafe-inline'` for
 * styles only; its icons are data: URIs; "Try it out" calls the API on the same origin.
 */
export const DOCS_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

function helmetOptions(directives: CspDirectives): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    // Nothing of ours is meant to be framed, not even by our own origin.
    frameguard: { action: 'deny' },
  };
}

/**
 * Gives a route its own Content-Security-Policy instead of API_CSP (the other headers stay), e.g.
 * a page that needs its own styles. Read by @fastify/helmet from the route's config.
 */
export function ContentSecurityPolicy(directives: CspDirectives): MethodDecorator {
  return RouteConfig({ helmet: helmetOptions(directives) });
}

/**
 * @fastify/helmet on every answer: nosniff, a strict CSP (API_CSP), no framing, no referrer, HSTS,
 * same-origin resource and opener policies. The pages under `docsPath` get DOCS_CSP. Call it
 * before any route is added (the docs' routes take their policy when they are added).
 */
export function useSecurityHeaders(fastify: FastifyInstance, docsPath: string): void {
  const docs = { helmet: helmetOptions(DOCS_CSP) };
  fastify.addHook('onRoute', (route) => {
    if (route.url === docsPath || route.url.startsWith(`${docsPath}/`)) {
      route.config = Object.assign(route.config ?? {}, docs);
    }
  });
  void fastify.register(fastifyHelmet, helmetOptions(API_CSP));
}

/** A policy as the `Content-Security-Policy` header says it, in helmet's own format. */
export function cspHeaderValue(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join(';');
}

/**
 * For the few answers written before helmet's hook can run (a URL the router cannot decode, a
 * request Node could not parse): the headers that matter for a problem document.
 */
export const EARLY_ANSWER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': cspHeaderValue(API_CSP),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};
