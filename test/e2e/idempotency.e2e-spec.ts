import { generateApiKey } from '../../apps/ledger-api/src/auth/api-key';
import { IdempotencyStore } from '../../apps/ledger-api/src/idempotency/idempotency.store';
import { kpProhibition, openAccountBody } from './support/fixtures';
import { type TestLedger, logFingerprint, startTestLedger, storeKinds } from './support/ledger-app';

// Idempotency-Key beyond the simple retry (rules.e2e-spec.ts): recorded refusals, concurrent duplicates,
// keys scoped to the API key that sent them, failures that keep nothing, and no replay past the guard.

describe.each(storeKinds())('Idempotency-Key on %s (e2e)', (store) => {
  let ledger: TestLedger;
  const secondProviderKey = generateApiKey();
  const post = (bearer: string | undefined, path: string, body: unknown, key?: string) => {
    const call = ledger
      .http()
      .post(path)
      .set('content-type', 'application/json')
      .set(key === undefined ? {} : { 'idempotency-key': key });
    return (bearer === undefined ? call : call.set('authorization', `Bearer ${bearer}`)).send(JSON.stringify(body));
  };
  const provider = (path: string, body: unknown, key?: string) => post(ledger.keys.provider, path, body, key);
  const flag = (flagId: string) => ({ flagId, category: 'other', indicators: ['x'], severity: 'low', source: 's' });

  beforeAll(async () => {
    ledger = await startTestLedger({
      store,
      extraApiKeys: { 'e2e-provider-two': { role: 'provider', key: secondProviderKey } },
    });
    expect((await provider('/v1/accounts', openAccountBody('acct_idem'))).status).toBe(201);
  });
  afterAll(async () => ledger.close());

  it('answers a refusal that was recorded (a declined opening) again from the key, appending nothing more', async () => {
    expect((await provider('/v1/special-measures', kpProhibition('sm_idem_kp', '92 FR 2'))).status).toBe(201);
    const opening = openAccountBody('acct_idem_kp', { customer: { ...openAccountBody('x').customer, country: 'KP' } });
    const first = await provider('/v1/accounts', opening, 'open-kp-1');
    expect(first.status).toBe(409);
    expect(first.body.rule).toBe('special-measure-prohibition');
    const afterFirst = await logFingerprint(ledger);

    const again = await provider('/v1/accounts', opening, 'open-kp-1');
    expect(again.status).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { correlationId: firstCorrelation, ...firstProblem } = first.body as Record<string, unknown>;
    const { correlationId: againCorrelation, ...againProblem } = again.body as Record<string, unknown>;
    expect(againProblem).toEqual(firstProblem);
    // the replay is its own request: its correlation id is its own
    expect(againCorrelation).not.toBe(firstCorrelation);
    expect(await logFingerprint(ledger)).toEqual(afterFirst);
  });

  it('runs requests sent together with one key once: one appends, the others get its answer', async () => {
    const before = await logFingerprint(ledger);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => provider('/v1/accounts/acct_idem/flags', flag('f_together'), 'together-1')),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(201));
    expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    for (const response of responses) expect(response.body).toEqual(responses[0].body);
    const after = await logFingerprint(ledger);
    expect(after.count).toBe(before.count + 1);
    expect(after.lastHash).toBe(responses[0].body.records[0].hash);
  });

  it('keeps keys per API key: the same key text from another provider key is a request of its own', async () => {
    const before = await logFingerprint(ledger);
    const mine = await provider('/v1/accounts/acct_idem/flags', flag('f_scoped_1'), 'shared-text-1');
    const theirs = await post(secondProviderKey, '/v1/accounts/acct_idem/flags', flag('f_scoped_2'), 'shared-text-1');
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.revision).toBe(mine.body.revision + 1);
    expect((await logFingerprint(ledger)).count).toBe(before.count + 2);
  });

  it('keeps nothing for a request that failed: the key can then be used for the corrected request', async () => {
    const before = await logFingerprint(ledger);
    const invalid = await provider('/v1/accounts/acct_idem/flags', { ...flag('f_fixed'), severity: 'dire' }, 'fix-1');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ field: 'severity', message: expect.any(String) }]);
    expect(await logFingerprint(ledger)).toEqual(before);

    const corrected = await provider('/v1/accounts/acct_idem/flags', flag('f_fixed'), 'fix-1');
    expect(corrected.status).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    const retried = await provider('/v1/accounts/acct_idem/flags', flag('f_fixed'), 'fix-1');
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toEqual(corrected.body);
    expect((await logFingerprint(ledger)).count).toBe(before.count + 1);
  });

  it('answers even when the answer cannot be kept; a retry then finds its records instead of appending again', async () => {
    const store = ledger.app.get(IdempotencyStore);
    const save = jest.spyOn(store, 'save').mockImplementation(() => {
      throw new Error('disk full');
    });
    try {
      const first = await provider('/v1/accounts/acct_idem/flags', flag('f_unkept'), 'unkept-1');
      expect(first.status).toBe(201);
      expect(save).toHaveBeenCalledTimes(1);
      const afterFirst = await logFingerprint(ledger);
      const retry = await provider('/v1/accounts/acct_idem/flags', flag('f_unkept'), 'unkept-1');
      expect(retry.status).toBe(201);
      expect(retry.body.records).toEqual(first.body.records);
      expect(await logFingerprint(ledger)).toEqual(afterFirst);
    } finally {
      save.mockRestore();
    }
  });

  it('replays only to a caller the guard lets through: 401 without a valid key, 403 for another role', async () => {
    const path = '/v1/accounts/acct_idem/flags';
    expect((await provider(path, flag('f_guarded'), 'guarded-1')).status).toBe(201);
    const before = await logFingerprint(ledger);
    const answers = [
      await post(undefined, path, flag('f_guarded'), 'guarded-1'),
      await post(ledger.keys.none, path, flag('f_guarded'), 'guarded-1'),
      await post(ledger.keys.investigator, path, flag('f_guarded'), 'guarded-1'),
      await post(ledger.keys.admin, path, flag('f_guarded'), 'guarded-1'),
    ];
    expect(answers.map((answer) => [answer.status, answer.body.type])).toEqual([
      [401, 'https://cip-ledger.dev/problems/unauthenticated'],
      [401, 'https://cip-ledger.dev/problems/unauthenticated'],
      [403, 'https://cip-ledger.dev/problems/forbidden'],
      [403, 'https://cip-ledger.dev/problems/forbidden'],
    ]);
    for (const answer of answers) expect(answer.headers['idempotent-replayed']).toBeUndefined();
    expect(await logFingerprint(ledger)).toEqual(before);
  });
});
