import { type EndpointCase, customer, daysFromNow, lifecycle, openAccountBody } from './support/fixtures';
import { type TestLedger, logFingerprint, startTestLedger, storeKinds } from './support/ledger-app';

// Every command endpoint: malformed input (400 naming the field), auth (401/403), then the happy path,
// on every store. After each rejection the whole log is read back and must be exactly as before.

describe.each(storeKinds())('command endpoints on %s (e2e)', (store) => {
  let ledger: TestLedger;
  const cases = lifecycle({ account: 'acct_life', declined: 'acct_declined', reseller: 'reseller_1', measure: 'sm_1' });

  beforeAll(async () => {
    ledger = await startTestLedger({ store });
  });
  afterAll(async () => ledger.close());

  const post = (endpoint: EndpointCase, body: unknown, key?: string) => {
    const call = ledger.http().post(endpoint.path).set('content-type', 'application/json');
    if (key !== undefined) void call.set('authorization', `Bearer ${key}`);
    return call.send(JSON.stringify(body));
  };

  it.each(cases.map((endpoint) => [endpoint.name, endpoint] as const))(
    '%s: refuses malformed input, missing or wrong keys, then appends',
    async (_name, endpoint) => {
      const before = await logFingerprint(ledger);

      const malformed = await post(endpoint, endpoint.bad.body, ledger.keys.provider);
      expect(malformed.status).toBe(400);
      expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(malformed.body.type).toBe('https://cip-ledger.dev/problems/validation-failed');
      expect(malformed.body.errors.map((error: { field: string }) => error.field)).toContain(endpoint.bad.field);
      expect(malformed.body.correlationId).toEqual(expect.any(String));

      const anonymous = await post(endpoint, endpoint.body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expect(anonymous.body.type).toBe('https://cip-ledger.dev/problems/unauthenticated');
      expect((await post(endpoint, endpoint.body, ledger.keys.none)).status).toBe(401);
      for (const role of ['investigator', 'auditor', 'admin'] as const) {
        const forbidden = await post(endpoint, endpoint.body, ledger.keys[role]);
        expect(forbidden.status).toBe(403);
        expect(forbidden.body.type).toBe('https://cip-ledger.dev/problems/forbidden');
      }

      expect(await logFingerprint(ledger)).toEqual(before);

      const created = await post(endpoint, endpoint.body, ledger.keys.provider);
      expect(created.status).toBe(201);
      const records = created.body.streams
        ? created.body.streams.flatMap((stream: { hashes: string[] }) => stream.hashes)
        : created.body.records.map((record: { hash: string }) => record.hash);
      expect(records).toHaveLength(endpoint.types.length);

      const log = await ledger.readLog();
      expect(log).toHaveLength(before.count + endpoint.types.length);
      const appended = log.slice(before.count);
      expect(appended.map((stored) => stored.record.type)).toEqual(endpoint.types);
      expect(appended.map((stored) => stored.hash)).toEqual(records);
      for (const stored of appended) expect(stored.record.meta.actor).toBe('e2e-provider');
      if (!created.body.streams) {
        expect(created.body.stream).toBe(appended[0].record.stream);
        expect(created.body.revision).toBe(appended.at(-1)!.record.revision);
        expect(created.body.position).toBe(appended.at(-1)!.position.toString());
      }
    },
  );

  // Where an object is expected, an array, nothing or another kind of value: the DTO layer names the member
  // (before, @ValidateNested let arrays and missing members through to the domain's `invalid-object`).
  // Where a list is expected, a text: "<member> must be an array" (before, the street lines and the countries
  // were answered with a size or item message, e.g. "lines must contain no more than 5 elements").
  // Where a text is expected, nothing or another kind of value: "<member> must be a string" (before, the size
  // rule came first: "name must be shorter than or equal to 1000 characters" for a customer without a name).
  const account = '/v1/accounts/acct_life';
  const without = (body: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(body).filter(([member]) => member !== key));
  const declined = {
    accountId: 'acct_nested',
    reason: 'unverified',
    customer: customer(),
    channel: { kind: 'direct' },
  };
  const objectExpected = (field: string) => ({ field, message: `${field.split('.').at(-1)} must be an object` });
  const objectsExpected = (field: string) => ({ field, message: `each value in ${field} must be an object` });
  const listExpected = (field: string) => ({ field, message: `${field.split('.').at(-1)} must be an array` });
  const textExpected = (field: string) => ({ field, message: `${field.split('.').at(-1)} must be a string` });
  it.each([
    [
      'customer as an array',
      '/v1/accounts',
      openAccountBody('acct_nested', { customer: [] }),
      objectExpected('customer'),
    ],
    ['channel as an array', '/v1/accounts', openAccountBody('acct_nested', { channel: [] }), objectExpected('channel')],
    ['no contact', '/v1/accounts', without(openAccountBody('acct_nested'), 'contact'), objectExpected('contact')],
    [
      'an address as an array',
      '/v1/accounts',
      openAccountBody('acct_nested', { customer: customer({ address: [] }) }),
      objectExpected('customer.address'),
    ],
    [
      'an array in the payment means',
      '/v1/accounts',
      openAccountBody('acct_nested', { paymentMeans: [[]] }),
      objectsExpected('paymentMeans'),
    ],
    ['a declined opening without contact', '/v1/accounts/opening-declines', declined, objectExpected('contact')],
    ['no payment means to add', `${account}/payment-means`, {}, objectExpected('paymentMeans')],
    ['no beneficial owner to add', `${account}/beneficial-owners`, {}, objectExpected('owner')],
    ['a customer update as an array', `${account}/customer-info-updates`, { customer: [] }, objectExpected('customer')],
    [
      'an array in the evidence',
      `${account}/identity-verifications`,
      { subject: 'customer', method: 'documentary', evidence: [[]], verifiedBy: 'kyc-service' },
      objectsExpected('evidence'),
    ],
    [
      'a special-measure match as an array',
      '/v1/special-measures',
      {
        measureId: 'sm_nested',
        target: 'jurisdiction',
        match: [],
        kind: 'prohibition',
        effectiveFrom: daysFromNow(-10),
        reference: '92 FR 1',
      },
      objectExpected('match'),
    ],
    [
      'street lines as a text',
      '/v1/accounts',
      openAccountBody('acct_nested', {
        customer: customer({ address: { lines: 'Hauptstrasse 1', city: 'Berlin', country: 'DE' } }),
      }),
      listExpected('customer.address.lines'),
    ],
    [
      "a special measure's countries as a text",
      '/v1/special-measures',
      {
        measureId: 'sm_nested',
        target: 'jurisdiction',
        match: { countries: 'KP' },
        kind: 'prohibition',
        effectiveFrom: daysFromNow(-10),
        reference: '92 FR 1',
      },
      listExpected('match.countries'),
    ],
    [
      'a customer without a name',
      '/v1/accounts',
      openAccountBody('acct_nested', { customer: without(customer(), 'name') }),
      textExpected('customer.name'),
    ],
    [
      'a city as a number',
      '/v1/accounts',
      openAccountBody('acct_nested', {
        customer: customer({ address: { lines: ['Hauptstrasse 1'], city: 5, country: 'DE' } }),
      }),
      textExpected('customer.address.city'),
    ],
    [
      'an email as an array',
      '/v1/accounts',
      openAccountBody('acct_nested', { contact: { email: ['erika@example.org'] } }),
      textExpected('contact.email'),
    ],
    [
      'a means of payment without its identifier',
      '/v1/accounts',
      openAccountBody('acct_nested', { paymentMeans: [{ paymentMeansId: 'pm_1', method: 'card' }] }),
      textExpected('paymentMeans.0.identifier'),
    ],
  ])(
    'refuses %s with validation-failed naming the member, leaving the log unchanged',
    async (_what, path, body, error) => {
      const before = await logFingerprint(ledger);
      const response = await ledger
        .http()
        .post(path)
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${ledger.keys.provider}`)
        .send(JSON.stringify(body));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('https://cip-ledger.dev/problems/validation-failed');
      expect(response.body.detail).toBe(`1 field(s) are not valid: ${error.field}`);
      expect(response.body.errors).toEqual([error]);
      expect(await logFingerprint(ledger)).toEqual(before);
    },
  );

  it('keeps PII out of the log in clear', async () => {
    const text = JSON.stringify((await ledger.readLog()).map((stored) => stored.record));
    for (const secret of [
      'Erika Mustermann',
      'erika@example.org',
      '+4930123456',
      '4111111111111111',
      'T22000129',
      'C01X00T47',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"$sealed":"A256GCM"');
  });

  it('chains every stream: each record links to the hash of the one before', async () => {
    const byStream = new Map<string, { revision: number; prev: string | null; hash: string }[]>();
    for (const { record, hash } of await ledger.readLog()) {
      byStream.set(record.stream, [
        ...(byStream.get(record.stream) ?? []),
        { revision: record.revision, prev: record.prev, hash },
      ]);
    }
    for (const records of byStream.values()) {
      records.forEach((record, index) => {
        expect(record.revision).toBe(index);
        expect(record.prev).toBe(index === 0 ? null : records[index - 1].hash);
      });
    }
  });
});
