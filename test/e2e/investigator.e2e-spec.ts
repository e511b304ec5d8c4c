import type { KeyStore } from '@cip/integrity';
import { KEY_STORE } from '../../apps/ledger-api/src/tokens';
import { openAccountBody } from './support/fixtures';
import { type TestLedger, logFingerprint, startTestLedger, storeKinds } from './support/ledger-app';

// The investigator's account history: replayed from the log, PII opened, paged, as of an instant, and every
// read recorded as RecordsAccessed in investigator-reads-{day} before it is answered.

const START = Date.parse('2026-11-30T09:00:00.000Z');
const MINUTE = 60_000;

describe.each(storeKinds())('investigator account history on %s (e2e)', (store) => {
  let ledger: TestLedger;
  let now = START;
  const at = (minutes: number) => new Date(START + minutes * MINUTE).toISOString();

  const provider = (path: string, body: unknown) =>
    ledger
      .http()
      .post(path)
      .set('authorization', `Bearer ${ledger.keys.provider}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));
  const history = (accountId: string, query: Record<string, string | number>, key = ledger.keys.investigator) =>
    ledger.http().get(`/v1/accounts/${accountId}/history`).query(query).set('authorization', `Bearer ${key}`);
  const reads = async () =>
    (await ledger.readLog()).filter((stored) => stored.record.stream.startsWith('investigator-reads-'));

  beforeAll(async () => {
    ledger = await startTestLedger({ store, clock: { now: () => new Date(now) } });
    // one account's life, a minute apart: opened (0), contact changed (1), accessed twice (2), flagged (3)
    expect((await provider('/v1/accounts', openAccountBody('acct_inv'))).status).toBe(201);
    now = START + MINUTE;
    expect(
      (await provider('/v1/accounts/acct_inv/customer-info-updates', { contact: { email: 'new@example.org' } })).status,
    ).toBe(201);
    now = START + 2 * MINUTE;
    const accesses = [
      { accountId: 'acct_inv', ip: '203.0.113.9', at: at(1.5), kind: 'access' },
      { accountId: 'acct_inv', ip: '198.51.100.4', at: at(1.6), kind: 'access' },
    ];
    expect((await provider('/v1/access-records', accesses)).status).toBe(201);
    now = START + 3 * MINUTE;
    const flag = {
      flagId: 'flag_1',
      category: 'malicious-activity',
      indicators: ['scan'],
      severity: 'low',
      source: 'soc',
    };
    expect((await provider('/v1/accounts/acct_inv/flags', flag)).status).toBe(201);
    expect((await provider('/v1/accounts', openAccountBody('acct_shred'))).status).toBe(201);
    now = START + 10 * MINUTE;
  });
  afterAll(async () => ledger.close());

  it('refuses a read without caseReference (400 naming the field) and records nothing', async () => {
    const before = await logFingerprint(ledger);
    const response = await history('acct_inv', {});
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe('https://cip-ledger.dev/problems/validation-failed');
    // the type comes first (before, a missing caseReference was answered with the size rule's message)
    const notText = [{ field: 'caseReference', message: 'caseReference must be a string' }];
    expect(response.body.errors).toEqual(notText);
    const twice = await ledger
      .http()
      .get('/v1/accounts/acct_inv/history?caseReference=LE-1&caseReference=LE-2')
      .set('authorization', `Bearer ${ledger.keys.investigator}`);
    expect(twice.status).toBe(400);
    expect(twice.body.type).toBe('https://cip-ledger.dev/problems/validation-failed');
    expect(twice.body.errors).toEqual(notText);
    expect((await history('acct_inv', { caseReference: 'LE-1', limit: 0 })).body.errors[0].field).toBe('limit');
    expect((await history('acct_inv', { caseReference: 'LE-1', asOf: 'yesterday' })).body.errors[0].field).toBe('asOf');
    expect(await logFingerprint(ledger)).toEqual(before);
  });

  it('is for investigator keys only', async () => {
    const before = await logFingerprint(ledger);
    expect((await ledger.http().get('/v1/accounts/acct_inv/history?caseReference=LE-1')).status).toBe(401);
    for (const role of ['provider', 'auditor', 'admin'] as const) {
      const response = await history('acct_inv', { caseReference: 'LE-1' }, ledger.keys[role]);
      expect(response.status).toBe(403);
    }
    expect(await logFingerprint(ledger)).toEqual(before);
  });

  it('returns the account stream with PII opened, hashes as in the log, and records the read first', async () => {
    const response = await history('acct_inv', { caseReference: 'LE-2026-0042' });
    expect(response.status).toBe(200);
    const log = (await ledger.readLog()).filter((stored) => stored.record.stream === 'account-acct_inv');
    expect(response.body.streams).toEqual(['account-acct_inv']);
    expect(response.body.records.map((r: { revision: number; type: string }) => [r.revision, r.type])).toEqual([
      [0, 'AccountOpened'],
      [1, 'CustomerInfoUpdated'],
      [2, 'AccountFlagged'],
    ]);
    expect(response.body.records.map((r: { hash: string }) => r.hash)).toEqual(log.map((stored) => stored.hash));
    const [opened, updated] = response.body.records;
    expect(opened.data.customer.name).toBe('Erika Mustermann');
    expect(opened.data.contact.email).toBe('erika@example.org');
    expect(opened.data.paymentMeans[0].identifier).toBe('4111111111111111');
    expect(updated.data.contact.email).toBe('new@example.org');
    expect(opened.recordedAt).toBe(at(0));
    expect(opened.meta.actor).toBe('e2e-provider');
    expect(response.body.page).toEqual({ limit: 100, next: null });

    const recorded = (await reads()).at(-1)!;
    expect(recorded.record.stream).toBe('investigator-reads-2026-11-30');
    expect(recorded.record.type).toBe('RecordsAccessed');
    expect(recorded.record.meta.actor).toBe('e2e-investigator');
    expect(recorded.record.data).toEqual({
      actor: 'e2e-investigator',
      caseReference: 'LE-2026-0042',
      query: {
        kind: 'account-history',
        parameters: { accountId: 'acct_inv', include: null, limit: 100, after: null, asOf: null },
      },
      resultCount: 3,
      occurredAt: new Date(now).toISOString(),
    });
    expect(response.body.read).toEqual({
      stream: 'investigator-reads-2026-11-30',
      id: recorded.record.id,
      type: 'RecordsAccessed',
      revision: recorded.record.revision,
      hash: recorded.hash,
    });
  });

  it('merges the access stream in log order and pages through it, recording each page', async () => {
    const log = (await ledger.readLog()).filter((stored) =>
      ['account-acct_inv', 'access-acct_inv'].includes(stored.record.stream),
    );
    const readsBefore = (await reads()).length;
    const seen: { stream: string; revision: number; hash: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { caseReference: 'LE-7', include: 'access', limit: 2 };
      if (after !== null) query.after = after;
      const response = await history('acct_inv', query);
      expect(response.status).toBe(200);
      expect(response.body.records.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.records);
      after = response.body.page.next;
      pages++;
    } while (after !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map(({ stream, revision, hash }) => ({ stream, revision, hash }))).toEqual(
      log.map(({ record, hash }) => ({ stream: record.stream, revision: record.revision, hash })),
    );
    const pageReads = (await reads()).slice(readsBefore);
    expect(pageReads.map((stored) => (stored.record.data as { resultCount: number }).resultCount)).toEqual([2, 2, 1]);
    expect(
      pageReads.map(
        (stored) => (stored.record.data as { query: { parameters: { after: unknown } } }).query.parameters.after,
      ),
    ).toEqual([null, expect.any(String), expect.any(String)]);
  });

  it('replays the state as of an instant, leaving out later records', async () => {
    const response = await history('acct_inv', { caseReference: 'LE-9', include: 'access', asOf: at(1.5) });
    expect(response.status).toBe(200);
    expect(response.body.asOf).toBe(at(1.5));
    expect(response.body.records.map((r: { type: string }) => r.type)).toEqual([
      'AccountOpened',
      'CustomerInfoUpdated',
    ]);
    expect(response.body.state.status).toBe('open');
    expect(response.body.state.contact.email).toBe('new@example.org');
    expect(response.body.state.flags).toEqual({});

    const later = await history('acct_inv', { caseReference: 'LE-9', include: 'access', asOf: at(5) });
    expect(later.body.records).toHaveLength(5);
    expect(later.body.state.flags.flag_1.severity).toBe('low');
    expect(later.body.state.lastAccessAt).toBe(at(1.6));

    const before = await history('acct_inv', { caseReference: 'LE-9', asOf: at(-1) });
    expect(before.body.records).toEqual([]);
    expect(before.body.state.status).toBe('none');
    expect((await reads()).at(-1)!.record.data).toMatchObject({ resultCount: 0 });
  });

  it('shows shredded PII as {"$shredded":true} while hashes stay the same', async () => {
    const beforeShred = await history('acct_shred', { caseReference: 'LE-3' });
    expect(beforeShred.body.records[0].data.customer.name).toBe('Erika Mustermann');
    expect(await ledger.app.get<KeyStore>(KEY_STORE).destroyDataKey('acct_shred')).toBe(true);
    const response = await history('acct_shred', { caseReference: 'LE-3' });
    expect(response.status).toBe(200);
    const { data, hash } = response.body.records[0];
    expect(hash).toBe(beforeShred.body.records[0].hash);
    expect(data.customer.name).toEqual({ $shredded: true, kid: expect.any(String) });
    expect(data.contact.email).toEqual({ $shredded: true, kid: expect.any(String) });
    expect(data.customer.country).toBe('DE');
    expect(JSON.stringify(response.body)).not.toContain('Erika');
  });

  it('answers 404 for an unknown account and still records the read', async () => {
    const readsBefore = (await reads()).length;
    const response = await history('acct_nobody', { caseReference: 'LE-404' });
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('https://cip-ledger.dev/problems/not-found');
    const recorded = (await reads()).slice(readsBefore);
    expect(recorded).toHaveLength(1);
    expect(recorded[0].record.data).toMatchObject({
      caseReference: 'LE-404',
      resultCount: 0,
      query: { kind: 'account-history', parameters: { accountId: 'acct_nobody' } },
    });
    expect(response.body.read.hash).toBe(recorded[0].hash);
  });
});
