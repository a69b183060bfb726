import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { loadConfig } from '@lib/common';
import { createApp } from '@app/server';

describe('operations routes', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        LEDGER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-health-')),
      }),
      // Nest's console logger at its test levels: no pino line per request in Jest's output.
      { logger: ['warn', 'error'] },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /health answers 200 while the service is up', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', store: 'sqlite', role: 'all' });
  });

  it('GET /docs serves the OpenAPI UI and /docs/openapi.json the document', async () => {
    const ui = await request(app.getHttpServer()).get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/health');
  });

  it('documents the audit routes (DESIGN.md §6): auditor only, problem answers, asOf as transaction time', async () => {
    const doc = (await request(app.getHttpServer()).get('/docs/openapi.json').expect(200)).body;
    const routes = {
      '/v1/audit/events': [400],
      '/v1/audit/digests/{date}': [400, 404],
      '/v1/audit/payments/{paymentId}': [400, 404],
      '/v1/audit/members/{memberId}/payments': [400],
    };
    for (const [route, statuses] of Object.entries(routes)) {
      const operation = doc.paths[route]?.get;
      expect({ route, documented: operation !== undefined }).toEqual({ route, documented: true });
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.responses['403'].description).toContain(
        "The API key's role is not one of: auditor (code: FORBIDDEN)",
      );
      for (const status of [...statuses, 401, 403]) {
        expect(
          operation.responses[String(status)].content['application/problem+json'].schema,
        ).toEqual({
          $ref: '#/components/schemas/Problem',
        });
      }
    }
    expect(doc.paths['/v1/audit/digests/{date}'].get.responses['404'].description).toContain(
      'DIGEST_NOT_AVAILABLE',
    );
    for (const route of [
      '/v1/audit/payments/{paymentId}',
      '/v1/audit/members/{memberId}/payments',
    ]) {
      const parameters = doc.paths[route].get.parameters as {
        name: string;
        description?: string;
      }[];
      const asOf = parameters.find((parameter) => parameter.name === 'asOf');
      expect(asOf).toMatchObject({ in: 'query', required: true });
      expect(asOf?.description).toContain('transaction time');
    }
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.SealedDigestView.properties)).toEqual(
      expect.arrayContaining([
        'root',
        'previousCut',
        'cut',
        'count',
        'firstPosition',
        'lastPosition',
      ]),
    );
    expect(
      schemas.PaymentAsOfView.properties.payment.allOf ?? [
        schemas.PaymentAsOfView.properties.payment,
      ],
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ $ref: '#/components/schemas/PaymentView' }),
      ]),
    );
    expect(schemas.AuditEventView.properties.data.description).toContain('sha256');
  });

  it('GET /metrics answers Prometheus text, counting requests by route pattern, never by raw id', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} \d+$/m,
    );
    expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(response.text).toContain('# TYPE process_start_time_seconds gauge');
  });

  it('GET /metrics reports the event-loop delay since the previous scrape', async () => {
    await request(app.getHttpServer()).get('/metrics').expect(200);
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.text).toContain('# TYPE ledger_event_loop_delay_seconds summary');
    expect(response.text).toMatch(
      /^ledger_event_loop_delay_seconds\{quantile="0\.99"\} \d+(\.\d+)?(e-\d+)?$/m,
    );
    expect(response.text).toMatch(/^ledger_event_loop_delay_max_seconds \d+(\.\d+)?(e-\d+)?$/m);
  });

  it('GET /health/live answers without touching the store', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});
