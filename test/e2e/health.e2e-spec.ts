import { type TestLedger, startTestLedger } from './support/ledger-app';

describe('health (e2e)', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger();
  });
  afterAll(async () => ledger.close());

  it('answers liveness with 200 and status ok, without a key', async () => {
    const response = await ledger.http().get('/health/live').expect(200);
    expect(response.body.status).toBe('ok');
  });

  it('serves the OpenAPI document without a key', async () => {
    const response = await ledger.http().get('/docs-json').expect(200);
    expect(response.body.info.title).toBe('cip-ledger');
  });
});
