import path from 'node:path';
import Database from 'better-sqlite3';
import { daysFromNow, kpProhibition, openAccountBody } from './support/fixtures';
import { type TestLedger, logFingerprint, startTestLedger, storeKinds } from './support/ledger-app';

// Refusals of the domain (409/404 naming the rule, log unchanged), recorded refusals (declined openings),
// Idempotency-Key, If-Match, bulk limits, and 50 concurrent writers on one account.

describe.each(storeKinds())('ledger rules over HTTP on %s (e2e)', (store) => {
  let ledger: TestLedger;
  const provider = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    ledger
      .http()
      .post(path)
      .set({ authorization: `Bearer ${ledger.keys.provider}`, 'content-type': 'application/json', ...headers })
      .send(JSON.stringify(body));

  /** Sends a request that must be refused and checks the log did not move. */
  async function refused(
    path: string,
    body: unknown,
    status: number,
    rule: string,
    headers: Record<string, string> = {},
  ) {
    const before = await logFingerprint(ledger);
    const response = await provider(path, body, headers);
    expect({ status: response.status, type: response.body.type }).toEqual({
      status,
      type: `https://cip-ledger.dev/problems/${rule}`,
    });
    expect(await logFingerprint(ledger)).toEqual(before);
    return response;
  }

  beforeAll(async () => {
    ledger = await startTestLedger({ store });
    expect((await provider('/v1/accounts', openAccountBody('acct_rules'))).status).toBe(201);
  });
  afterAll(async () => ledger.close());

  it('names the rule of each domain refusal and appends nothing', async () => {
    const a = '/v1/accounts/acct_rules';
    expect((await refused('/v1/accounts', openAccountBody('acct_rules'), 409, 'account-exists')).body.rule).toBe(
      'account-exists',
    );
    await refused(
      '/v1/accounts/acct_nobody/flags',
      { flagId: 'f', category: 'other', indicators: [], severity: 'low', source: 's' },
      404,
      'account-not-found',
    );
    await refused(`${a}/beneficial-owners/owner_x/removal`, {}, 404, 'unknown-owner');
    await refused(`${a}/flags/flag_x/resolution`, { outcome: 'cleared', note: 'n' }, 404, 'unknown-flag');
    await refused(`${a}/legal-holds/hold_x/release`, {}, 404, 'unknown-hold');
    expect(
      (await provider(`${a}/flags`, { flagId: 'f1', category: 'other', indicators: [], severity: 'low', source: 's' }))
        .status,
    ).toBe(201);
    expect((await provider(`${a}/flags/f1/resolution`, { outcome: 'confirmed', note: 'n' })).status).toBe(201);
    await refused(`${a}/flags/f1/resolution`, { outcome: 'cleared', note: 'again' }, 409, 'flag-already-resolved');
    await refused(`${a}/customer-info-updates`, { occurredAt: daysFromNow(2) }, 400, 'instant-in-future');
    await refused('/v1/resellers/reseller_none/termination', { reason: 'other' }, 404, 'reseller-not-found');
  });

  it('after a closure takes only legal holds and earlier accesses', async () => {
    await provider('/v1/accounts', openAccountBody('acct_closed'));
    const closedAt = (await provider('/v1/accounts/acct_closed/closure', { reason: 'malicious-activity' })).status;
    expect(closedAt).toBe(201);
    await refused(
      '/v1/accounts/acct_closed/flags',
      { flagId: 'f', category: 'other', indicators: [], severity: 'low', source: 's' },
      409,
      'account-closed',
    );
    const late = [
      { accountId: 'acct_closed', ip: '198.51.100.1', at: new Date(Date.now() + 60_000).toISOString(), kind: 'access' },
    ];
    const response = await refused('/v1/access-records', late, 409, 'account-closed');
    expect(response.body.errors[0]).toMatchObject({ field: '[0]', rule: 'account-closed' });
    const early = [{ accountId: 'acct_closed', ip: '198.51.100.1', at: daysFromNow(-1), kind: 'access' }];
    expect((await provider('/v1/access-records', early)).status).toBe(201);
    expect(
      (await provider('/v1/accounts/acct_closed/legal-holds', { holdId: 'h', authority: 'court', reference: 'r' }))
        .status,
    ).toBe(201);
  });

  it('records a declined opening (special-measure prohibition, terminated reseller) and answers 409 naming the rule', async () => {
    expect((await provider('/v1/special-measures', kpProhibition('sm_kp', '92 FR 1'))).status).toBe(201);
    const before = await logFingerprint(ledger);
    const declined = await provider(
      '/v1/accounts',
      openAccountBody('acct_kp', { customer: { ...openAccountBody('x').customer, country: 'KP' } }),
    );
    expect(declined.status).toBe(409);
    expect(declined.body).toMatchObject({
      rule: 'special-measure-prohibition',
      measureId: 'sm_kp',
      stream: 'account-acct_kp',
    });
    const log = await ledger.readLog();
    expect(log).toHaveLength(before.count + 1);
    expect(log.at(-1)!.record.type).toBe('AccountOpeningDeclined');
    expect(declined.body.records[0].hash).toBe(log.at(-1)!.hash);

    await provider('/v1/resellers', {
      resellerId: 'reseller_gone',
      name: 'Gone Ltd',
      jurisdiction: 'GB',
      cipMode: 'own',
      cipDigest: 'c'.repeat(64),
    });
    await provider('/v1/resellers/reseller_gone/termination', { reason: 'other' });
    const viaReseller = await provider(
      '/v1/accounts',
      openAccountBody('acct_via_gone', { channel: { kind: 'reseller', resellerId: 'reseller_gone' } }),
    );
    expect(viaReseller.status).toBe(409);
    expect(viaReseller.body.rule).toBe('reseller-terminated');
  });

  it('Idempotency-Key: a retry appends nothing and gets the original response; another body is a 422', async () => {
    const body = { flagId: 'f_idem', category: 'other', indicators: ['x'], severity: 'low', source: 's' };
    const headers = { 'idempotency-key': 'flag-f_idem-1' };
    const first = await provider('/v1/accounts/acct_rules/flags', body, headers);
    expect(first.status).toBe(201);
    const before = await logFingerprint(ledger);
    const retry = await provider('/v1/accounts/acct_rules/flags', { ...body }, headers);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await logFingerprint(ledger)).toEqual(before);
    await refused(
      '/v1/accounts/acct_rules/flags',
      { ...body, severity: 'high' },
      422,
      'idempotency-key-reused',
      headers,
    );
    await refused('/v1/accounts/acct_rules/flags', body, 400, 'invalid-header', { 'idempotency-key': 'has space' });
  });

  it('bulk with an Idempotency-Key: sent again after its answer was lost, it writes nothing twice', async () => {
    const accounts = ['acct_lost1', 'acct_lost2'];
    for (const id of accounts) expect((await provider('/v1/accounts', openAccountBody(id))).status).toBe(201);
    const lines = accounts.flatMap((accountId, i) => [
      { accountId, ip: `198.51.100.${i + 1}`, at: daysFromNow(-1), kind: 'access' },
      { accountId, ip: `198.51.100.${i + 11}`, at: daysFromNow(-1), kind: 'access' },
    ]);
    const headers = { 'idempotency-key': 'bulk-lost-answer-1' };
    const first = await provider('/v1/access-records', lines, headers);
    expect(first.status).toBe(201);
    const before = await logFingerprint(ledger);
    // the service died after writing and before keeping its answer: the stored answer is gone
    const idempotency = new Database(path.join(ledger.dataDir, 'idempotency.sqlite'));
    expect(
      idempotency.prepare('DELETE FROM idempotency_keys WHERE key = ?').run(headers['idempotency-key']).changes,
    ).toBe(1);
    idempotency.close();
    const again = await provider('/v1/access-records', lines, headers);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.streams.map((s: { revision: number; hashes: string[] }) => [s.revision, s.hashes])).toEqual(
      first.body.streams.map((s: { revision: number; hashes: string[] }) => [s.revision, s.hashes]),
    );
    expect(await logFingerprint(ledger)).toEqual(before);
  });

  it('If-Match: appends at exactly that revision, else 409 with the current revision and no retry', async () => {
    const a = '/v1/accounts/acct_rules';
    const current = (await provider(`${a}/legal-holds`, { holdId: 'h_if', authority: 'court', reference: 'r' })).body
      .revision as number;
    const stale = await refused(`${a}/legal-holds/h_if/release`, {}, 409, 'revision-mismatch', {
      'if-match': String(current - 1),
    });
    expect(stale.body.currentRevision).toBe(current);
    await refused(`${a}/legal-holds/h_if/release`, {}, 400, 'invalid-header', { 'if-match': 'latest' });
    const ok = await provider(`${a}/legal-holds/h_if/release`, {}, { 'if-match': `"${current}"` });
    expect(ok.status).toBe(201);
    expect(ok.body.revision).toBe(current + 1);
  });

  it('bulk: JSON or NDJSON across many accounts; bad items named by index; at most 10,000 per request', async () => {
    const accounts = ['acct_b1', 'acct_b2', 'acct_b3'];
    for (const id of accounts) await provider('/v1/accounts', openAccountBody(id));
    const lines = accounts.flatMap((accountId, i) => [
      { accountId, ip: `192.0.2.${i + 1}`, at: daysFromNow(-1), kind: 'access' },
      {
        accountId,
        ip: `2001:db8::${i + 1}`,
        at: daysFromNow(-1),
        kind: 'administrative',
        action: 'iam:CreateUser',
        credentialId: 'key_1',
      },
    ]);
    const ndjson = await ledger
      .http()
      .post('/v1/access-records')
      .set({ authorization: `Bearer ${ledger.keys.provider}`, 'content-type': 'application/x-ndjson' })
      .send(lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    expect(ndjson.status).toBe(201);
    expect(ndjson.body.appended).toBe(6);
    expect(ndjson.body.streams.map((s: { stream: string }) => s.stream)).toEqual(accounts.map((id) => `access-${id}`));

    const bad = await refused(
      '/v1/access-records',
      [lines[0], { ...lines[1], ip: '10.0.0.256' }, { ...lines[2], at: '2026-02-30T00:00:00Z', extra: 1 }],
      400,
      'validation-failed',
    );
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['[1].ip', '[2].extra', '[2].at']);
    // a member left out or of the wrong type is told so, as the DTOs tell it, before any format message
    const mistyped = await refused(
      '/v1/access-records',
      [
        { ip: 3232235777, kind: 'access' },
        { ...lines[0], accountId: ['acct_b1'], at: null },
      ],
      400,
      'validation-failed',
    );
    expect(mistyped.body.errors).toEqual([
      { field: '[0].accountId', message: 'must be a string' },
      { field: '[0].ip', message: 'must be a string' },
      { field: '[0].at', message: 'must be a string' },
      { field: '[1].accountId', message: 'must be a string' },
      { field: '[1].at', message: 'must be a string' },
    ]);
    const unknown = await refused(
      '/v1/access-records',
      [{ ...lines[0], accountId: 'acct_never' }],
      404,
      'account-not-found',
    );
    expect(unknown.body.errors[0].field).toBe('[0]');
    const tooMany = Array.from({ length: 10_001 }, () => lines[0]);
    await refused('/v1/access-records', tooMany, 413, 'payload-too-large');
    const notJson = await ledger
      .http()
      .post('/v1/access-records')
      .set({ authorization: `Bearer ${ledger.keys.provider}`, 'content-type': 'application/x-ndjson' })
      .send('{"accountId":"acct_b1"}\n{oops\n');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].field).toBe('line 2');
  });

  it('50 concurrent requests on one account make one unbroken chain, none lost or doubled', async () => {
    await provider('/v1/accounts', openAccountBody('acct_hot'));
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        provider('/v1/accounts/acct_hot/flags', {
          flagId: `hot_${i}`,
          category: 'other',
          indicators: [],
          severity: 'low',
          source: 'load',
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const records = (await ledger.readLog()).filter((stored) => stored.record.stream === 'account-acct_hot');
    expect(records).toHaveLength(51);
    records.forEach((stored, index) => {
      expect(stored.record.revision).toBe(index);
      expect(stored.record.prev).toBe(index === 0 ? null : records[index - 1].hash);
    });
    const flagIds = records.slice(1).map((stored) => stored.record.data.flagId);
    expect(new Set(flagIds).size).toBe(50);
    expect(new Set(responses.map((response) => response.body.revision)).size).toBe(50);
  });

  it('takes JSON bodies only, and refuses members that could change what an object inherits', async () => {
    const flag = { flagId: 'f_types', category: 'other', indicators: [], severity: 'low', source: 's' };
    const raw = async (contentType: string, body: string) => {
      const before = await logFingerprint(ledger);
      const response = await ledger
        .http()
        .post('/v1/accounts/acct_rules/flags')
        .set({ authorization: `Bearer ${ledger.keys.provider}`, 'content-type': contentType })
        .send(body);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await logFingerprint(ledger)).toEqual(before);
      return {
        status: response.status,
        type: response.body.type,
        detail: response.body.detail,
        errors: response.body.errors,
      };
    };
    const unsupported = {
      status: 415,
      type: 'https://cip-ledger.dev/problems/unsupported-media-type',
      detail: 'Send application/json (or application/x-ndjson for bulk access records).',
      errors: undefined,
    };
    // the same flag as a form, as text, and as another JSON-like type
    const form = new URLSearchParams(flag).toString();
    expect(await raw('application/x-www-form-urlencoded', form)).toEqual(unsupported);
    expect(await raw('text/plain', JSON.stringify(flag))).toEqual(unsupported);
    expect(await raw('application/merge-patch+json', JSON.stringify(flag))).toEqual(unsupported);

    expect(await raw('application/json', '{"flagId":')).toMatchObject({
      status: 400,
      type: 'https://cip-ledger.dev/problems/malformed-body',
      detail: 'The body is not valid JSON.',
    });
    expect(await raw('application/json', '')).toMatchObject({ status: 400, detail: 'The body is empty.' });
    // valid JSON, but a member named __proto__ (even written with an escape) or constructor is refused by name,
    // where it used to be "not valid JSON" or, for constructor, silently dropped
    const withMembers = `{"\\u005f_proto__":{"admin":true},${JSON.stringify(flag).slice(1, -1)},"constructor":"x"}`;
    expect(await raw('application/json', withMembers)).toEqual({
      status: 400,
      type: 'https://cip-ledger.dev/problems/validation-failed',
      detail: '2 field(s) are not valid: __proto__, constructor',
      errors: [
        { field: '__proto__', message: '__proto__ should not exist' },
        { field: 'constructor', message: 'constructor should not exist' },
      ],
    });
    // the same flag without them is taken, with a charset parameter too
    const taken = await ledger
      .http()
      .post('/v1/accounts/acct_rules/flags')
      .set({ authorization: `Bearer ${ledger.keys.provider}`, 'content-type': 'application/json; charset=utf-8' })
      .send(JSON.stringify(flag));
    expect(taken.status).toBe(201);
  });

  it('answers unknown routes and oversized bodies with problem+json', async () => {
    const missing = await ledger.http().get('/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    await refused('/v1/accounts', { accountId: 'x'.repeat(6 * 1024 * 1024) }, 413, 'payload-too-large');
  });
});
