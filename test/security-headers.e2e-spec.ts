import { createHash } from 'node:crypto';
import type request from 'supertest';
import {
  completedCardPayment,
  expectProblem,
  startTestApp,
  type TestApp,
} from './support/test-app';

/** What every answer of the API says to a browser (@fastify/helmet, issue 13). */
const API_CSP = "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'";

const EVERY_ANSWER = {
  'content-security-policy': API_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

function expectSecurityHeaders(
  response: request.Response,
  expected: Record<string, string> = EVERY_ANSWER,
): void {
  expect(response.headers).toMatchObject(expected);
  expect(response.headers).not.toHaveProperty('x-powered-by');
}

/** The text of the page's one `<style>` element, exactly as a browser hashes it. */
function styleOf(html: string): string {
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  expect(styles).toHaveLength(1);
  return styles[0]![1]!;
}

describe('Security headers on every answer (issue 13: @fastify/helmet)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
  });
  afterAll(() => t.close());

  describe('JSON answers', () => {
    it('given a payment, when it is read, then the answer carries nosniff, the strict API policy, no framing and no referrer', async () => {
      const payment = await completedCardPayment(t);
      const response = await t.get('client', `/v1/payments/${payment.paymentId}`).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expectSecurityHeaders(response);
    });

    it('when a request is refused (401, 404, malformed JSON), then its problem document carries them too', async () => {
      expectSecurityHeaders(await t.http().get('/v1/payments/p-1').expect(401));
      const notFound = await t.get('client', '/v1/no-such-route');
      expectProblem(notFound, 404, 'NOT_FOUND');
      expectSecurityHeaders(notFound);
      const malformed = await t
        .post('client', '/v1/payments')
        .set('Content-Type', 'application/json')
        .send('{"payer":');
      expectProblem(malformed, 400, 'MALFORMED_JSON');
      expectSecurityHeaders(malformed);
    });

    it('when the URL cannot be decoded or the request line is too long (answered before any hook), then the answer still carries the policy and nosniff', async () => {
      const early = {
        'content-security-policy': API_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      };
      const badUrl = await t.get('client', '/v1/payments/%E0%A4%A');
      expectProblem(badUrl, 400, 'BAD_URL');
      expectSecurityHeaders(badUrl, early);
      // Answered by Node's parser on the socket itself.
      const tooLong = await t.get('client', `/v1/payments/${'p'.repeat(20_000)}`);
      expect(tooLong.status).toBe(431);
      expectSecurityHeaders(tooLong, early);
    });

    it('when a probe asks for health or metrics, then those answers carry them too', async () => {
      expectSecurityHeaders(await t.http().get('/health/live').expect(200));
      expectSecurityHeaders(await t.http().get('/metrics').expect(200));
    });
  });

  describe('R17 the 결제확인서 page', () => {
    it('given a completed payment, when its confirmation is printed, then the policy allows exactly its own style sheet, by hash, and nothing else', async () => {
      const payment = await completedCardPayment(t);
      const response = await t
        .get('client', `/v1/payments/${payment.paymentId}/confirmation`)
        .expect(200);
      const hash = createHash('sha256').update(styleOf(response.text), 'utf8').digest('base64');
      expect(response.headers['content-security-policy']).toBe(
        `default-src 'none';style-src 'sha256-${hash}';frame-ancestors 'none';base-uri 'none';form-action 'none'`,
      );
      expectSecurityHeaders(response, {
        ...EVERY_ANSWER,
        'content-security-policy': response.headers['content-security-policy'] as string,
      });
      // What the policy would block must not be needed: no script, no style attribute, no link.
      expect(response.text).not.toMatch(/<script|\sstyle=|<link|<img|<iframe|<form/i);
    });
  });

  describe('Swagger UI at /docs', () => {
    const DOCS_CSP =
      "default-src 'none';script-src 'self';style-src 'self' 'unsafe-inline';" +
      "img-src 'self' data:;font-src 'self' data:;connect-src 'self';" +
      "frame-ancestors 'none';base-uri 'none';form-action 'none'";

    it('when /docs is opened, then the page and every file it loads are served, under a policy that runs only its own scripts', async () => {
      const page = await t.http().get('/docs').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expectSecurityHeaders(page, { ...EVERY_ANSWER, 'content-security-policy': DOCS_CSP });
      // script-src 'self' blocks inline scripts: every script of the page must be a file.
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/\ssrc="[^"]+"/);
        expect(body!.trim()).toBe('');
      }
      const files = [...page.text.matchAll(/(?:src|href)="\.\/docs\/([^"]+)"/g)].map(
        ([, file]) => file!,
      );
      expect(files).toEqual(
        expect.arrayContaining([
          'swagger-ui.css',
          'swagger-ui-bundle.js',
          'swagger-ui-standalone-preset.js',
          'swagger-ui-init.js',
        ]),
      );
      for (const file of files) {
        const asset = await t.http().get(`/docs/${file}`).expect(200);
        expect(asset.headers['content-security-policy']).toBe(DOCS_CSP);
      }
    });

    it('when the OpenAPI document is fetched, then it is served', async () => {
      const response = await t.http().get('/docs/openapi.json').expect(200);
      expect(response.body).toHaveProperty('openapi');
    });
  });
});
