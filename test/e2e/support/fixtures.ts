// Valid request bodies for every command, and the order in which one account's life uses them.

const DAY = 24 * 60 * 60 * 1000;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export const customer = (overrides: Record<string, unknown> = {}) => ({
  kind: 'individual',
  name: 'Erika Mustermann',
  address: { lines: ['Hauptstrasse 1'], city: 'Berlin', postalCode: '10115', country: 'DE' },
  nationalId: 'T22000129',
  dateOfBirth: '1964-08-12',
  country: 'DE',
  ...overrides,
});

export const openAccountBody = (accountId: string, overrides: Record<string, unknown> = {}) => ({
  accountId,
  customer: customer(),
  contact: { email: 'erika@example.org', phone: '+4930123456' },
  paymentMeans: [{ paymentMeansId: 'pm_1', method: 'card', institution: 'VISA', identifier: '4111111111111111' }],
  channel: { kind: 'direct' },
  usPersonStatus: 'foreign',
  ip: '203.0.113.7',
  ...overrides,
});

/** A special measure in effect for ten days that prohibits openings for customers of North Korea (KP). */
export const kpProhibition = (measureId: string, reference: string) => ({
  measureId,
  target: 'jurisdiction',
  match: { countries: ['KP'] },
  kind: 'prohibition',
  occurredAt: daysFromNow(-200),
  effectiveFrom: daysFromNow(-10),
  reference,
});

export const owner = (ownerId: string) => ({
  ownerId,
  name: 'Max Mustermann',
  address: { lines: ['Nebenstrasse 2'], city: 'Hamburg', country: 'DE' },
  nationalId: 'L01X00T47',
  dateOfBirth: '1970-01-31',
  country: 'DE',
  ownershipPct: 30,
  controlBasis: null,
  usPersonStatus: 'undetermined',
});

export interface EndpointCase {
  name: string;
  path: string;
  body: unknown;
  /** the same request with one malformed member, and the field the 400 must name */
  bad: { body: unknown; field: string };
  /** the event types the happy path appends */
  types: string[];
}

/**
 * Every command endpoint, in an order where each one's happy path is valid after the ones before it:
 * a reseller and a special measure first, then one account's whole life, then the ends.
 */
export function lifecycle(ids: {
  account: string;
  declined: string;
  reseller: string;
  measure: string;
}): EndpointCase[] {
  const a = `/v1/accounts/${ids.account}`;
  const r = `/v1/resellers/${ids.reseller}`;
  const m = `/v1/special-measures/${ids.measure}`;
  const digest = 'a'.repeat(64);
  return [
    {
      name: 'onboard reseller',
      path: '/v1/resellers',
      body: {
        resellerId: ids.reseller,
        name: 'Cloud Resale GmbH',
        jurisdiction: 'DE',
        cipMode: 'own',
        cipDigest: digest,
      },
      bad: {
        body: { resellerId: ids.reseller, name: 'x', jurisdiction: 'DE', cipMode: 'own', cipDigest: 'nope' },
        field: 'cipDigest',
      },
      types: ['ResellerOnboarded'],
    },
    {
      name: 'update reseller CIP',
      path: `${r}/cip-updates`,
      body: { cipMode: 'adopted', cipDigest: 'b'.repeat(64) },
      bad: { body: { cipMode: 'borrowed', cipDigest: 'b'.repeat(64) }, field: 'cipMode' },
      types: ['ResellerCipUpdated'],
    },
    {
      name: 'record reseller non-compliance',
      path: `${r}/noncompliance-findings`,
      body: { findingId: 'finding_1', description: 'CIP not applied to new customers' },
      bad: { body: { findingId: 'finding 1', description: 'x' }, field: 'findingId' },
      types: ['ResellerNoncomplianceDetected'],
    },
    {
      name: 'issue special measure',
      path: '/v1/special-measures',
      body: {
        measureId: ids.measure,
        target: 'jurisdiction',
        match: { countries: ['KP'] },
        kind: 'prohibition',
        occurredAt: daysFromNow(-200),
        effectiveFrom: daysFromNow(-10),
        reference: '92 FR 12345',
      },
      bad: {
        body: {
          measureId: ids.measure,
          target: 'jurisdiction',
          match: { countries: ['KP'] },
          kind: 'prohibition',
          effectiveFrom: '2026-02-30T00:00:00Z',
          reference: 'x',
        },
        field: 'effectiveFrom',
      },
      types: ['SpecialMeasureIssued'],
    },
    {
      name: 'extend special measure',
      path: `${m}/extensions`,
      body: { expiresAt: daysFromNow(400), reference: '93 FR 2345' },
      bad: { body: { expiresAt: 'tomorrow', reference: '93 FR 2345' }, field: 'expiresAt' },
      types: ['SpecialMeasureExtended'],
    },
    {
      name: 'open account',
      path: '/v1/accounts',
      body: openAccountBody(ids.account),
      bad: { body: openAccountBody(ids.account, { contact: { email: 'not-an-email' } }), field: 'contact.email' },
      types: ['AccountOpened'],
    },
    {
      name: 'record declined opening',
      path: '/v1/accounts/opening-declines',
      body: {
        accountId: ids.declined,
        reason: 'unverified',
        customer: customer(),
        contact: { email: 'x@example.org' },
        channel: { kind: 'direct' },
        ip: '2001:db8::1',
      },
      bad: {
        body: {
          accountId: ids.declined,
          reason: 'unverified',
          customer: customer(),
          contact: { email: 'x@example.org' },
          channel: { kind: 'direct' },
          ip: '999.1.1.1',
        },
        field: 'ip',
      },
      types: ['AccountOpeningDeclined'],
    },
    {
      name: 'update customer info',
      path: `${a}/customer-info-updates`,
      body: { contact: { email: 'erika.m@example.org' } },
      bad: { body: { customer: { dateOfBirth: '1964-13-40' } }, field: 'customer.dateOfBirth' },
      types: ['CustomerInfoUpdated'],
    },
    {
      name: 'add payment means',
      path: `${a}/payment-means`,
      body: { paymentMeans: { paymentMeansId: 'pm_2', method: 'bank', identifier: 'DE89370400440532013000' } },
      bad: {
        body: { paymentMeans: { paymentMeansId: 'pm_2', method: 'cash', identifier: 'x' } },
        field: 'paymentMeans.method',
      },
      types: ['PaymentMeansAdded'],
    },
    {
      name: 'remove payment means',
      path: `${a}/payment-means/pm_2/removal`,
      body: { reason: 'card expired' },
      bad: { body: { reason: '' }, field: 'reason' },
      types: ['PaymentMeansRemoved'],
    },
    {
      name: 'add beneficial owner',
      path: `${a}/beneficial-owners`,
      body: { owner: owner('owner_1') },
      bad: { body: { owner: { ...owner('owner_1'), ownershipPct: 130 } }, field: 'owner.ownershipPct' },
      types: ['BeneficialOwnerAdded'],
    },
    {
      name: 'determine U.S.-person status',
      path: `${a}/us-person-determinations`,
      body: { subject: 'owner_1', status: 'foreign', basis: 'foreign passport' },
      bad: { body: { subject: 'owner_1', status: 'maybe', basis: 'x' }, field: 'status' },
      types: ['UsPersonStatusDetermined'],
    },
    {
      name: 'grant provisional access',
      path: `${a}/provisional-access`,
      body: { restrictions: ['no-gpu'], reviewBy: daysFromNow(30) },
      bad: { body: { restrictions: ['no-gpu'], reviewBy: '2026-12-01' }, field: 'reviewBy' },
      types: ['ProvisionalAccessGranted'],
    },
    {
      name: 'record failed verification',
      path: `${a}/identity-verification-failures`,
      body: { subject: 'owner_1', method: 'non-documentary', reason: 'credit bureau found no record' },
      bad: { body: { subject: 'owner_1', method: 'telepathy', reason: 'x' }, field: 'method' },
      types: ['IdentityVerificationFailed'],
    },
    {
      name: 'verify identity',
      path: `${a}/identity-verifications`,
      body: {
        subject: 'customer',
        method: 'documentary',
        evidence: [{ kind: 'passport', issuer: 'DE', reference: 'C01X00T47' }],
        verifiedBy: 'kyc-service',
      },
      bad: {
        body: { subject: 'customer', method: 'documentary', evidence: [], verifiedBy: 'kyc-service' },
        field: 'evidence',
      },
      types: ['IdentityVerified'],
    },
    {
      name: 'remove beneficial owner',
      path: `${a}/beneficial-owners/owner_1/removal`,
      body: {},
      bad: { body: { occurredAt: 'yesterday' }, field: 'occurredAt' },
      types: ['BeneficialOwnerRemoved'],
    },
    {
      name: 'flag account',
      path: `${a}/flags`,
      body: {
        flagId: 'flag_1',
        category: 'malicious-activity',
        indicators: ['c2-beacon'],
        severity: 'high',
        source: 'abuse-desk',
      },
      bad: {
        body: {
          flagId: 'flag_1',
          category: 'malicious-activity',
          indicators: ['c2-beacon'],
          severity: 'extreme',
          source: 'abuse-desk',
        },
        field: 'severity',
      },
      types: ['AccountFlagged'],
    },
    {
      name: 'resolve flag',
      path: `${a}/flags/flag_1/resolution`,
      body: { outcome: 'cleared', note: 'research traffic' },
      bad: { body: { outcome: 'cleared' }, field: 'note' },
      types: ['FlagResolved'],
    },
    {
      name: 'place legal hold',
      path: `${a}/legal-holds`,
      body: { holdId: 'hold_1', authority: 'US District Court', reference: '5:26-mj-01234' },
      bad: {
        body: { holdId: 'hold_1', authority: 'US District Court', reference: '5:26-mj-01234', extra: true },
        field: 'extra',
      },
      types: ['LegalHoldPlaced'],
    },
    {
      name: 'release legal hold',
      path: `${a}/legal-holds/hold_1/release`,
      body: {},
      bad: { body: { occurredAt: '2026-01-01T00:00:00' }, field: 'occurredAt' },
      types: ['LegalHoldReleased'],
    },
    {
      name: 'record accesses in bulk',
      path: '/v1/access-records',
      body: [
        { accountId: ids.account, ip: '203.0.113.7', at: daysFromNow(-1), kind: 'access' },
        {
          accountId: ids.account,
          ip: '2001:db8::7',
          at: daysFromNow(-1),
          kind: 'administrative',
          action: 'iam:CreateUser',
        },
      ],
      bad: {
        body: [{ accountId: ids.account, ip: '2001:db8::zz', at: daysFromNow(-1), kind: 'access' }],
        field: '[0].ip',
      },
      types: ['AccessRecorded', 'AccessRecorded'],
    },
    {
      name: 'close account',
      path: `${a}/closure`,
      body: { reason: 'customer-request' },
      bad: { body: { reason: 'bored' }, field: 'reason' },
      types: ['AccountClosed'],
    },
    {
      name: 'terminate reseller',
      path: `${r}/termination`,
      body: { reason: 'noncompliance' },
      bad: { body: { reason: 'noncompliance', note: 42 }, field: 'note' },
      types: ['ResellerTerminated'],
    },
    {
      name: 'rescind special measure',
      path: `${m}/rescission`,
      body: { reference: '93 FR 6789' },
      bad: { body: {}, field: 'reference' },
      types: ['SpecialMeasureRescinded'],
    },
  ];
}
