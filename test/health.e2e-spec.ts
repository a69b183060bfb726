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

  it('GET /metrics answers Prometheus text, counting requests by route pattern, never by raw id', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(
      /ledger_http_requests_total\{method="GET",route="\/health",status="200"\} \d+/,
    );
    expect(response.text).toContain('# TYPE ledger_process_uptime_seconds gauge');
  });
});
