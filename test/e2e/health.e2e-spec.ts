import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/ledger-api/src/bootstrap';
import { loadConfig } from '../../apps/ledger-api/src/config/ledger-config';

describe('health (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp(loadConfig({ LEDGER_LOG_LEVEL: 'silent', LEDGER_DATA_DIR: '.tmp/e2e-health' }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => app.close());

  it('answers liveness with 200 and status ok', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body.status).toBe('ok');
  });

  it('serves the OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body.info.title).toBe('cip-ledger');
  });
});
