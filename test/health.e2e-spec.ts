import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '@lib/common';
import { createApp } from '../apps/api/src/bootstrap';

describe('operations routes', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: '.tmp/health' }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /health answers 200 while the service is up', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /docs serves the OpenAPI UI and /docs/openapi.json the document', async () => {
    const ui = await request(app.getHttpServer()).get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/health');
  });
});
