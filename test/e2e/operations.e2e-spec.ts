import { openAccountBody } from './support/fixtures';
import { type TestLedger, startTestLedger } from './support/ledger-app';

describe('operations endpoints (e2e)', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startTestLedger();
  });
  afterAll(async () => ledger.close());

  it('reports readiness of the event store', async () => {
    const ready = await ledger.http().get('/health/ready').expect(200);
    expect(ready.body.details.eventStore.status).toBe('up');
  });

  it('serves Prometheus metrics to admin keys only, counting appends', async () => {
    await ledger
      .http()
      .post('/v1/accounts')
      .set('authorization', `Bearer ${ledger.keys.provider}`)
      .send(openAccountBody('acct_metrics'))
      .expect(201);
    await ledger.http().get('/metrics').expect(401);
    await ledger.http().get('/metrics').set('authorization', `Bearer ${ledger.keys.provider}`).expect(403);
    const metrics = await ledger.http().get('/metrics').set('authorization', `Bearer ${ledger.keys.admin}`).expect(200);
    expect(metrics.text).toContain('ledger_appends_total{stream_kind="account"} 1');
    expect(metrics.text).toContain('http_request_duration_seconds_bucket');
    expect(metrics.text).toContain('ledger_append_conflicts_total');
  });

  it('echoes a plain correlation id and replaces an unsafe one', async () => {
    const kept = await ledger.http().get('/health/live').set('x-correlation-id', 'trace-123');
    expect(kept.headers['x-correlation-id']).toBe('trace-123');
    const replaced = await ledger.http().get('/health/live').set('x-correlation-id', 'a b<script>');
    expect(replaced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('documents every command endpoint and describes every field in OpenAPI', async () => {
    const doc = (await ledger.http().get('/docs-json').expect(200)).body;
    const commandPaths = Object.keys(doc.paths).filter((path) => path.startsWith('/v1/'));
    expect(commandPaths.length).toBeGreaterThanOrEqual(24);
    const undescribed: string[] = [];
    for (const [name, schema] of Object.entries<{ properties?: Record<string, { description?: string }> }>(
      doc.components.schemas,
    )) {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        if (!property.description) undescribed.push(`${name}.${field}`);
      }
    }
    expect(undescribed).toEqual([]);
  });
});
