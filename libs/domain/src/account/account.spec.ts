import { type AccountCommand } from './account.commands';
import { accountDecider } from './account.decider';
import {
  type AccountClosed,
  type AccountEvent,
  type AccountFlagged,
  type AccountOpeningDeclined,
  type BeneficialOwnerAdded,
  type IdentityVerified,
  type LegalHoldPlaced,
} from './account.events';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { given } from '../testing/given-when-then';
import {
  accountContext,
  accountOpened,
  card,
  contact,
  customer,
  daysFromNow,
  measureIssued,
  measureState,
  NOW_ISO,
  openAccount,
  organisation,
  owner,
  wallet,
} from '../testing/fixtures';

const opened = accountOpened();
const at = daysFromNow(-1);
const ctx = accountContext();
const A = 'acct-1';

function command<T extends AccountCommand['type']>(
  type: T,
  data: Omit<Extract<AccountCommand, { type: T }>['data'], 'accountId'>,
) {
  return { type, data: { accountId: A, occurredAt: at, ...data } } as unknown as Extract<AccountCommand, { type: T }>;
}

const ownerAdded: BeneficialOwnerAdded = {
  type: 'BeneficialOwnerAdded',
  schema: 1,
  data: { ...owner, occurredAt: daysFromNow(-20) },
};
const closed: AccountClosed = {
  type: 'AccountClosed',
  schema: 1,
  data: { reason: 'customer-request', occurredAt: daysFromNow(-10) },
};
const flagged: AccountFlagged = {
  type: 'AccountFlagged',
  schema: 1,
  data: {
    flagId: 'flag-1',
    category: 'malicious-activity',
    indicators: ['port scanning from 198.51.100.0/24'],
    severity: 'high',
    source: 'abuse-desk',
    occurredAt: daysFromNow(-5),
  },
};
const holdPlaced: LegalHoldPlaced = {
  type: 'LegalHoldPlaced',
  schema: 1,
  data: {
    holdId: 'hold-1',
    authority: 'US District Court',
    reference: 'case 1:26-cv-0042',
    occurredAt: daysFromNow(-5),
  },
};
const declined: AccountOpeningDeclined = {
  type: 'AccountOpeningDeclined',
  schema: 1,
  data: {
    reason: 'unverified',
    customer,
    contact,
    paymentMeans: [],
    channel: { kind: 'direct' },
    occurredAt: daysFromNow(-40),
  },
};
const verifyCustomer = command('VerifyIdentity', {
  subject: 'customer',
  method: 'documentary',
  evidence: [{ kind: 'passport', issuer: 'BG', reference: 'P1234567', expiresAt: '2030-01-01T00:00:00Z' }],
  verifiedBy: 'kyc-service',
});
const customerVerified: IdentityVerified = {
  type: 'IdentityVerified',
  schema: 1,
  data: {
    subject: 'customer',
    method: 'documentary',
    evidence: [{ kind: 'passport', issuer: 'BG', reference: 'P1234567', expiresAt: '2030-01-01T00:00:00.000Z' }],
    verifiedBy: 'kyc-service',
    discrepanciesResolved: [],
    occurredAt: at,
  },
};

describe('OpenAccount validation (what a DTO cannot check)', () => {
  const refusals: [string, Partial<ReturnType<typeof openAccount>['data']>, string][] = [
    ['an account id with a slash', { accountId: 'a/b' }, 'invalid-id'],
    ['an email without @', { contact: { email: 'nobody' } }, 'invalid-email'],
    ['a phone without its country code', { contact: { email: 'a@b.example', phone: '030 901820' } }, 'invalid-phone'],
    [
      'a date of birth for an organisation',
      { customer: { ...organisation, dateOfBirth: '1990-01-01' } },
      'date-of-birth-for-organization',
    ],
    ['a date of birth that does not exist', { customer: { ...customer, dateOfBirth: '1990-02-30' } }, 'invalid-date'],
    ['a date of birth before 1900', { customer: { ...customer, dateOfBirth: '1850-01-01' } }, 'invalid-date'],
    ['a date of birth in the future', { customer: { ...customer, dateOfBirth: '2030-01-01' } }, 'invalid-date'],
    ['an opening in the future', { occurredAt: daysFromNow(1) }, 'instant-in-future'],
    ['an opening time without offset', { occurredAt: '2026-11-01T10:00:00' }, 'invalid-instant'],
    ['an opening on 31 November', { occurredAt: '2026-11-31T10:00:00Z' }, 'invalid-instant'],
    ['an opening before 1970', { occurredAt: '1969-12-31T23:59:59Z' }, 'invalid-instant'],
    ['an IP that is not one', { ip: '300.1.1.1' }, 'invalid-ip'],
    ['a lower-case country', { customer: { ...customer, country: 'bg' } }, 'invalid-country'],
    [
      'an address without lines',
      { customer: { ...customer, address: { ...customer.address, lines: [] } } },
      'invalid-list',
    ],
    ['an empty name', { customer: { ...customer, name: '  ' } }, 'required'],
    ['a name over 300 characters', { customer: { ...customer, name: 'x'.repeat(301) } }, 'too-long'],
    ['contact details that are not an object', { contact: 'a@b.example' as never }, 'invalid-object'],
    ['an unknown customer kind', { customer: { ...customer, kind: 'trust' as never } }, 'invalid-value'],
    [
      'two payment means with one id',
      { paymentMeans: [card, { ...wallet, paymentMeansId: card.paymentMeansId }] },
      'duplicate-id',
    ],
    ['an unknown payment method', { paymentMeans: [{ ...card, method: 'cash' as never }] }, 'invalid-value'],
    ['an unknown US-person status', { usPersonStatus: 'maybe' as never }, 'invalid-value'],
    ['an unknown channel', { channel: { kind: 'partner' } as never }, 'invalid-value'],
    ['a reseller channel with a bad id', { channel: { kind: 'reseller', resellerId: '' } }, 'invalid-id'],
    [
      'an owner below 25 % without control',
      { beneficialOwners: [{ ...owner, ownershipPct: 20 }] },
      'not-a-beneficial-owner',
    ],
    ['an owner above 100 %', { beneficialOwners: [{ ...owner, ownershipPct: 120 }] }, 'invalid-ownership'],
    [
      'an owner with a negative share',
      { beneficialOwners: [{ ...owner, ownershipPct: -1, controlBasis: 'director' }] },
      'invalid-ownership',
    ],
    ['an owner named "customer"', { beneficialOwners: [{ ...owner, ownerId: 'customer' }] }, 'reserved-owner-id'],
    [
      'two owners with one id',
      {
        beneficialOwners: [
          { ...owner, ownershipPct: 30 },
          { ...owner, ownershipPct: 30 },
        ],
      },
      'duplicate-id',
    ],
  ];
  it.each(refusals)('refuses %s', (_name, overrides, code) => {
    given(accountDecider, []).when(openAccount(overrides), ctx).thenThrows(ValidationError, code, 'validation');
  });

  it('refuses owners holding more than the whole customer together', () => {
    const owners = [owner, { ...owner, ownerId: 'owner-2', ownershipPct: 41 }];
    given(accountDecider, [])
      .when(openAccount({ beneficialOwners: owners }), ctx)
      .thenThrows(IllegalStateError, 'ownership-exceeds-whole');
  });

  it('accepts an owner below 25 % who exercises substantial control, and IPv6 addresses', () => {
    const controller = { ...owner, ownershipPct: 0, controlBasis: 'senior managing official' };
    given(accountDecider, [])
      .when(openAccount({ beneficialOwners: [controller], ip: '2001:db8::1' }), ctx)
      .thenEvents((events) =>
        expect(events.map((event) => event.type)).toEqual(['AccountOpened', 'BeneficialOwnerAdded']),
      );
  });

  it('names the invalid field in the error details', () => {
    const error = given(accountDecider, [])
      .when(openAccount({ contact: { email: 'x' } }), ctx)
      .thenThrows(ValidationError, 'invalid-email');
    expect(error.details).toEqual({ field: 'contact.email' });
  });
});

describe('DeclineAccountOpening', () => {
  const decline = command('DeclineAccountOpening', {
    reason: 'unverified',
    customer,
    contact,
    channel: { kind: 'direct' },
    occurredAt: daysFromNow(-40),
  });
  it('records a declined attempt with who tried', () => {
    given(accountDecider, []).when(decline, ctx).then([declined]);
  });
  it('records a second declined attempt', () => {
    given(accountDecider, [declined]).when(decline, ctx).then([declined]);
  });
  it('refuses to record a decline for an account that was opened', () => {
    given(accountDecider, [opened]).when(decline, ctx).thenThrows(IllegalStateError, 'account-exists');
  });
  it('refuses the reasons only the ledger decides (special-measure)', () => {
    given(accountDecider, [])
      .when({ ...decline, data: { ...decline.data, reason: 'special-measure' as never } }, ctx)
      .thenThrows(ValidationError, 'invalid-value');
  });
});

describe('UpdateCustomerInfo', () => {
  it('records only what changed', () => {
    given(accountDecider, [opened])
      .when(command('UpdateCustomerInfo', { contact: { phone: '+44 20 7946 0958' } }), ctx)
      .then([
        { type: 'CustomerInfoUpdated', schema: 1, data: { contact: { phone: '+44 20 7946 0958' }, occurredAt: at } },
      ]);
  });
  it('updates the state', () => {
    given(accountDecider, [opened])
      .when(command('UpdateCustomerInfo', { customer: { name: 'Ivana Novak' } }), ctx)
      .thenEvents((_events, state) => {
        expect(state.customer).toEqual({ ...customer, name: 'Ivana Novak' });
      });
  });
  it('refuses an update without changes', () => {
    given(accountDecider, [opened])
      .when(command('UpdateCustomerInfo', { customer: {} }), ctx)
      .thenThrows(ValidationError, 'no-changes');
  });
  it('refuses to turn an individual into an organisation', () => {
    given(accountDecider, [opened])
      .when(command('UpdateCustomerInfo', { customer: { kind: 'organization' } as never }), ctx)
      .thenThrows(ValidationError, 'customer-kind-immutable');
  });
  it('refuses a date of birth for an organisation', () => {
    given(accountDecider, [accountOpened({ customer: organisation })])
      .when(command('UpdateCustomerInfo', { customer: { dateOfBirth: '1980-01-01' } }), ctx)
      .thenThrows(ValidationError, 'date-of-birth-for-organization');
  });
  it('refuses an update of an account never opened', () => {
    given(accountDecider, [])
      .when(command('UpdateCustomerInfo', { customer: { name: 'X' } }), ctx)
      .thenThrows(NotFoundError, 'account-not-found', 'not-found');
    given(accountDecider, [declined])
      .when(command('UpdateCustomerInfo', { customer: { name: 'X' } }), ctx)
      .thenThrows(NotFoundError, 'account-not-found');
  });
});

describe('AddPaymentMeans / RemovePaymentMeans', () => {
  it('adds a payment means', () => {
    given(accountDecider, [opened])
      .when(command('AddPaymentMeans', { paymentMeans: wallet }), ctx)
      .then([{ type: 'PaymentMeansAdded', schema: 1, data: { ...wallet, occurredAt: at } }]);
  });
  it('refuses a payment means id already on the account', () => {
    given(accountDecider, [opened])
      .when(command('AddPaymentMeans', { paymentMeans: { ...wallet, paymentMeansId: 'pm-1' } }), ctx)
      .thenThrows(IllegalStateError, 'payment-means-exists');
  });
  it('removes a payment means, and then it is gone', () => {
    given(accountDecider, [opened])
      .when(command('RemovePaymentMeans', { paymentMeansId: 'pm-1', reason: 'card expired' }), ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          {
            type: 'PaymentMeansRemoved',
            schema: 1,
            data: { paymentMeansId: 'pm-1', reason: 'card expired', occurredAt: at },
          },
        ]);
        expect(state.paymentMeans).toEqual({});
      });
  });
  it('refuses to remove an unknown payment means', () => {
    given(accountDecider, [opened])
      .when(command('RemovePaymentMeans', { paymentMeansId: 'pm-9' }), ctx)
      .thenThrows(NotFoundError, 'unknown-payment-means');
  });
});

describe('AddBeneficialOwner / RemoveBeneficialOwner', () => {
  it('adds an owner, who becomes an unverified subject', () => {
    given(accountDecider, [opened])
      .when(command('AddBeneficialOwner', { owner }), ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([{ type: 'BeneficialOwnerAdded', schema: 1, data: { ...owner, occurredAt: at } }]);
        expect(state.verification['owner-1']).toEqual({
          status: 'unverified',
          usPersonStatus: 'foreign',
          method: null,
          verifiedAt: null,
          failedAt: null,
        });
      });
  });
  it('refuses an owner id already present', () => {
    given(accountDecider, [opened, ownerAdded])
      .when(command('AddBeneficialOwner', { owner }), ctx)
      .thenThrows(IllegalStateError, 'owner-exists');
  });
  it('refuses owners holding more than 100 % together', () => {
    given(accountDecider, [opened, ownerAdded])
      .when(command('AddBeneficialOwner', { owner: { ...owner, ownerId: 'owner-2', ownershipPct: 50 } }), ctx)
      .thenThrows(IllegalStateError, 'ownership-exceeds-whole');
  });
  it('flags the account when a new owner is the target of an effective special measure', () => {
    const measure = measureState(
      measureIssued({ target: 'person', match: { name: 'marek novak', dateOfBirth: '1979-11-30' } }),
    );
    given(accountDecider, [opened])
      .when(command('AddBeneficialOwner', { owner }), accountContext({ specialMeasures: [measure] }))
      .then([
        { type: 'BeneficialOwnerAdded', schema: 1, data: { ...owner, occurredAt: at } },
        {
          type: 'AccountFlagged',
          schema: 1,
          data: {
            flagId: 'special-measure:sm-1:owner-1',
            category: 'special-measure',
            indicators: ['beneficial owner matches prohibition sm-1 (91 FR 12345)'],
            severity: 'high',
            source: 'special-measure',
            measureId: 'sm-1',
            occurredAt: at,
          },
        },
      ]);
  });
  it('removes an owner, who is no longer a subject', () => {
    given(accountDecider, [opened, ownerAdded])
      .when(command('RemoveBeneficialOwner', { ownerId: 'owner-1' }), ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          { type: 'BeneficialOwnerRemoved', schema: 1, data: { ownerId: 'owner-1', occurredAt: at } },
        ]);
        expect(state.owners).toEqual({});
        expect(Object.keys(state.verification)).toEqual(['customer']);
      });
  });
  it('refuses to remove an unknown owner', () => {
    given(accountDecider, [opened])
      .when(command('RemoveBeneficialOwner', { ownerId: 'owner-1' }), ctx)
      .thenThrows(NotFoundError, 'unknown-owner');
  });
});

describe('DetermineUsPersonStatus', () => {
  it('records the determination for a subject', () => {
    given(accountDecider, [opened, ownerAdded])
      .when(command('DetermineUsPersonStatus', { subject: 'owner-1', status: 'us', basis: 'US passport seen' }), ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          {
            type: 'UsPersonStatusDetermined',
            schema: 1,
            data: { subject: 'owner-1', status: 'us', basis: 'US passport seen', occurredAt: at },
          },
        ]);
        expect(state.verification['owner-1'].usPersonStatus).toBe('us');
      });
  });
  it('refuses an unknown subject', () => {
    given(accountDecider, [opened])
      .when(command('DetermineUsPersonStatus', { subject: 'owner-7', status: 'us', basis: 'x' }), ctx)
      .thenThrows(NotFoundError, 'unknown-subject');
  });
  it('refuses a determination without basis', () => {
    given(accountDecider, [opened])
      .when(command('DetermineUsPersonStatus', { subject: 'customer', status: 'us', basis: '' }), ctx)
      .thenThrows(ValidationError, 'required');
  });
});

describe('VerifyIdentity', () => {
  it('verifies the customer with everything relied on, in normal form', () => {
    given(accountDecider, [opened]).when(verifyCustomer, ctx).then([customerVerified]);
  });
  it('marks the subject verified', () => {
    given(accountDecider, [opened])
      .when(verifyCustomer, ctx)
      .thenEvents((_events, state) => {
        expect(state.verification.customer).toMatchObject({
          status: 'verified',
          method: 'documentary',
          verifiedAt: at,
        });
      });
  });
  it('verifies a beneficial owner and records resolved discrepancies', () => {
    const verifyOwner = command('VerifyIdentity', {
      subject: 'owner-1',
      method: 'non-documentary',
      evidence: [{ kind: 'credit-bureau-check', issuer: 'Bureau', reference: 'chk-77' }],
      verifiedBy: 'analyst-4',
      discrepanciesResolved: [{ description: 'address differs', resolution: 'utility bill confirms move' }],
    });
    given(accountDecider, [opened, ownerAdded])
      .when(verifyOwner, ctx)
      .thenEvents(([event]) => {
        expect(event.data).toMatchObject({
          subject: 'owner-1',
          discrepanciesResolved: [{ description: 'address differs', resolution: 'utility bill confirms move' }],
        });
      });
  });
  it('allows re-verification of a verified subject (periodic re-verification)', () => {
    given(accountDecider, [opened, customerVerified]).when(verifyCustomer, ctx).then([customerVerified]);
  });
  it('refuses verification of an unknown subject', () => {
    given(accountDecider, [opened])
      .when({ ...verifyCustomer, data: { ...verifyCustomer.data, subject: 'owner-1' } }, ctx)
      .thenThrows(NotFoundError, 'unknown-subject', 'not-found');
  });
  it('refuses verification of a removed owner', () => {
    const removed = {
      type: 'BeneficialOwnerRemoved',
      schema: 1,
      data: { ownerId: 'owner-1', occurredAt: at },
    } as const;
    given(accountDecider, [opened, ownerAdded, removed])
      .when({ ...verifyCustomer, data: { ...verifyCustomer.data, subject: 'owner-1' } }, ctx)
      .thenThrows(NotFoundError, 'unknown-subject');
  });
  it('refuses a verification relying on nothing', () => {
    given(accountDecider, [opened])
      .when({ ...verifyCustomer, data: { ...verifyCustomer.data, evidence: [] } }, ctx)
      .thenThrows(ValidationError, 'invalid-list');
  });
  it('refuses evidence that had expired when it was relied on', () => {
    const stale = [{ kind: 'passport', issuer: 'BG', reference: 'P1', expiresAt: daysFromNow(-2) }];
    given(accountDecider, [opened])
      .when({ ...verifyCustomer, data: { ...verifyCustomer.data, evidence: stale } }, ctx)
      .thenThrows(ValidationError, 'evidence-expired');
  });
  it('refuses an unknown method', () => {
    given(accountDecider, [opened])
      .when({ ...verifyCustomer, data: { ...verifyCustomer.data, method: 'telepathy' as never } }, ctx)
      .thenThrows(ValidationError, 'invalid-value');
  });
});

describe('RecordVerificationFailure', () => {
  const failure = command('RecordVerificationFailure', {
    subject: 'customer',
    method: 'documentary',
    reason: 'document forged',
    discrepancies: ['photo mismatch'],
  });
  it('records the failure and marks the subject failed', () => {
    given(accountDecider, [opened])
      .when(failure, ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          {
            type: 'IdentityVerificationFailed',
            schema: 1,
            data: {
              subject: 'customer',
              method: 'documentary',
              reason: 'document forged',
              discrepancies: ['photo mismatch'],
              occurredAt: at,
            },
          },
        ]);
        expect(state.verification.customer.status).toBe('failed');
      });
  });
  it('refuses an unknown subject', () => {
    given(accountDecider, [opened])
      .when({ ...failure, data: { ...failure.data, subject: 'nobody' } }, ctx)
      .thenThrows(NotFoundError, 'unknown-subject');
  });
});

describe('GrantProvisionalAccess', () => {
  const grant = command('GrantProvisionalAccess', { restrictions: ['no GPU instances'], reviewBy: daysFromNow(29) });
  it('grants provisional access while verification is pending', () => {
    given(accountDecider, [opened])
      .when(grant, ctx)
      .then([
        {
          type: 'ProvisionalAccessGranted',
          schema: 1,
          data: { restrictions: ['no GPU instances'], reviewBy: daysFromNow(29), occurredAt: at },
        },
      ]);
  });
  it('refuses provisional access when every subject is verified', () => {
    given(accountDecider, [opened, customerVerified])
      .when(grant, ctx)
      .thenThrows(IllegalStateError, 'verification-complete');
  });
  it('refuses a review date not after the grant', () => {
    given(accountDecider, [opened])
      .when({ ...grant, data: { ...grant.data, reviewBy: at } }, ctx)
      .thenThrows(ValidationError, 'review-not-after-grant');
  });
  it('refuses provisional access without terms', () => {
    given(accountDecider, [opened])
      .when({ ...grant, data: { ...grant.data, restrictions: [] } }, ctx)
      .thenThrows(ValidationError, 'invalid-list');
  });
});

describe('FlagAccount / ResolveFlag', () => {
  const flag = command('FlagAccount', {
    flagId: 'flag-1',
    category: 'malicious-activity',
    indicators: ['port scanning from 198.51.100.0/24'],
    severity: 'high',
    source: 'abuse-desk',
  });
  it('flags an account', () => {
    given(accountDecider, [opened])
      .when(flag, ctx)
      .then([{ ...flagged, data: { ...flagged.data, occurredAt: at } }]);
  });
  it('refuses a flag id already used', () => {
    given(accountDecider, [opened, flagged]).when(flag, ctx).thenThrows(IllegalStateError, 'flag-exists');
  });
  it('refuses the flag id prefixes the ledger raises itself', () => {
    given(accountDecider, [opened])
      .when({ ...flag, data: { ...flag.data, flagId: 'special-measure:x' } }, ctx)
      .thenThrows(ValidationError, 'reserved-flag-id');
  });
  it('refuses an unknown category or severity', () => {
    given(accountDecider, [opened])
      .when({ ...flag, data: { ...flag.data, category: 'spam' as never } }, ctx)
      .thenThrows(ValidationError, 'invalid-value');
    given(accountDecider, [opened])
      .when({ ...flag, data: { ...flag.data, severity: 'extreme' as never } }, ctx)
      .thenThrows(ValidationError, 'invalid-value');
  });

  const resolve = command('ResolveFlag', { flagId: 'flag-1', outcome: 'confirmed', note: 'botnet C2 confirmed' });
  it('resolves an open flag', () => {
    given(accountDecider, [opened, flagged])
      .when(resolve, ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          {
            type: 'FlagResolved',
            schema: 1,
            data: { flagId: 'flag-1', outcome: 'confirmed', note: 'botnet C2 confirmed', occurredAt: at },
          },
        ]);
        expect(state.flags.get('flag-1')?.resolution).toEqual({ outcome: 'confirmed', resolvedAt: at });
      });
  });
  it('resolves a flag only once', () => {
    const resolved = {
      type: 'FlagResolved',
      schema: 1,
      data: { flagId: 'flag-1', outcome: 'cleared', note: 'false positive', occurredAt: at },
    } as const;
    given(accountDecider, [opened, flagged, resolved])
      .when(resolve, ctx)
      .thenThrows(IllegalStateError, 'flag-already-resolved', 'illegal-state');
  });
  it('refuses to resolve an unknown flag', () => {
    given(accountDecider, [opened]).when(resolve, ctx).thenThrows(NotFoundError, 'unknown-flag');
  });
  it('resolves a flag the ledger raised for a special measure, whose id may exceed ordinary ids', () => {
    const longMeasureId = 'm'.repeat(128);
    const raised = {
      ...flagged,
      data: {
        ...flagged.data,
        flagId: `special-measure:${longMeasureId}:owner-1`,
        category: 'special-measure' as const,
      },
    };
    given(accountDecider, [opened, raised])
      .when({ ...resolve, data: { ...resolve.data, flagId: raised.data.flagId } }, ctx)
      .thenEvents(([event]) => expect(event.type).toBe('FlagResolved'));
  });
  it('refuses to resolve without a note', () => {
    given(accountDecider, [opened, flagged])
      .when({ ...resolve, data: { ...resolve.data, note: '' } }, ctx)
      .thenThrows(ValidationError, 'required');
  });
});

describe('PlaceLegalHold / ReleaseLegalHold', () => {
  const place = command('PlaceLegalHold', {
    holdId: 'hold-1',
    authority: 'US District Court',
    reference: 'case 1:26-cv-0042',
  });
  const release = command('ReleaseLegalHold', { holdId: 'hold-1' });
  it('places a hold on an open account', () => {
    given(accountDecider, [opened])
      .when(place, ctx)
      .then([{ ...holdPlaced, data: { ...holdPlaced.data, occurredAt: at } }]);
  });
  it('places a hold on a closed account', () => {
    given(accountDecider, [opened, closed])
      .when(place, ctx)
      .thenEvents(([event]) => expect(event.type).toBe('LegalHoldPlaced'));
  });
  it('places a hold on a stream of declined attempts', () => {
    given(accountDecider, [declined])
      .when(place, ctx)
      .thenEvents(([event]) => expect(event.type).toBe('LegalHoldPlaced'));
  });
  it('refuses a hold on an account with no records', () => {
    given(accountDecider, []).when(place, ctx).thenThrows(NotFoundError, 'account-not-found');
  });
  it('refuses a hold id already used', () => {
    given(accountDecider, [opened, holdPlaced]).when(place, ctx).thenThrows(IllegalStateError, 'hold-exists');
  });
  it('releases a hold, also after closure', () => {
    given(accountDecider, [opened, holdPlaced, closed])
      .when(release, ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([{ type: 'LegalHoldReleased', schema: 1, data: { holdId: 'hold-1', occurredAt: at } }]);
        expect(state.holds['hold-1'].releasedAt).toBe(at);
      });
  });
  it('refuses to release an unknown hold, or one already released', () => {
    given(accountDecider, [opened]).when(release, ctx).thenThrows(NotFoundError, 'unknown-hold');
    const released = { type: 'LegalHoldReleased', schema: 1, data: { holdId: 'hold-1', occurredAt: at } } as const;
    given(accountDecider, [opened, holdPlaced, released])
      .when(release, ctx)
      .thenThrows(IllegalStateError, 'hold-already-released');
  });
});

describe('CloseAccount', () => {
  const close = command('CloseAccount', { reason: 'malicious-activity', note: 'confirmed botnet' });
  it('closes an open account', () => {
    given(accountDecider, [opened])
      .when(close, ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          {
            type: 'AccountClosed',
            schema: 1,
            data: { reason: 'malicious-activity', note: 'confirmed botnet', occurredAt: at },
          },
        ]);
        expect(state).toMatchObject({ status: 'closed', closedAt: at, closureReason: 'malicious-activity' });
      });
  });
  it('closes an account with an active legal hold (the hold keeps its records, not the account)', () => {
    given(accountDecider, [opened, holdPlaced])
      .when(close, ctx)
      .thenEvents(([event]) => expect(event.type).toBe('AccountClosed'));
  });
  it('refuses to close twice', () => {
    given(accountDecider, [opened, closed]).when(close, ctx).thenThrows(IllegalStateError, 'account-closed');
  });
  it('refuses to close an account never opened', () => {
    given(accountDecider, []).when(close, ctx).thenThrows(NotFoundError, 'account-not-found');
  });
  it('refuses a closure before the opening', () => {
    given(accountDecider, [opened])
      .when({ ...close, data: { ...close.data, occurredAt: daysFromNow(-31) } }, ctx)
      .thenThrows(ValidationError, 'closed-before-opened');
  });
  it('refuses an unknown reason', () => {
    given(accountDecider, [opened])
      .when({ ...close, data: { ...close.data, reason: 'bored' as never } }, ctx)
      .thenThrows(ValidationError, 'invalid-value');
  });
});

describe('invariant: nothing follows AccountClosed but legal holds', () => {
  const everyOtherCommand: AccountCommand[] = [
    openAccount(),
    command('UpdateCustomerInfo', { customer: { name: 'X' } }),
    command('AddPaymentMeans', { paymentMeans: wallet }),
    command('RemovePaymentMeans', { paymentMeansId: 'pm-1' }),
    command('AddBeneficialOwner', { owner: { ...owner, ownerId: 'owner-2', ownershipPct: 30 } }),
    command('RemoveBeneficialOwner', { ownerId: 'owner-1' }),
    command('DetermineUsPersonStatus', { subject: 'customer', status: 'us', basis: 'x' }),
    verifyCustomer,
    command('RecordVerificationFailure', { subject: 'customer', method: 'documentary', reason: 'x' }),
    command('GrantProvisionalAccess', { restrictions: ['x'], reviewBy: daysFromNow(10) }),
    command('FlagAccount', { flagId: 'flag-2', category: 'other', indicators: [], severity: 'low', source: 'x' }),
    command('ResolveFlag', { flagId: 'flag-1', outcome: 'cleared', note: 'x' }),
    command('CloseAccount', { reason: 'other' }),
    command('DeclineAccountOpening', { reason: 'other', customer, contact, channel: { kind: 'direct' } }),
  ];
  const history: AccountEvent[] = [opened, ownerAdded, flagged, closed];

  it.each(everyOtherCommand.map((cmd) => [cmd.type, cmd] as const))('refuses %s on a closed account', (_type, cmd) => {
    const expectedCode =
      cmd.type === 'OpenAccount' || cmd.type === 'DeclineAccountOpening' ? 'account-exists' : 'account-closed';
    const error = given(accountDecider, history)
      .when(cmd, ctx)
      .thenThrows(IllegalStateError, expectedCode, 'illegal-state');
    if (expectedCode === 'account-closed') expect(error.message).toContain('accepts nothing but legal holds');
  });

  it('covers every account command type except the legal holds', () => {
    const covered = new Set(everyOtherCommand.map((cmd) => cmd.type));
    const all: AccountCommand['type'][] = [
      'OpenAccount',
      'DeclineAccountOpening',
      'UpdateCustomerInfo',
      'AddPaymentMeans',
      'RemovePaymentMeans',
      'AddBeneficialOwner',
      'RemoveBeneficialOwner',
      'DetermineUsPersonStatus',
      'VerifyIdentity',
      'RecordVerificationFailure',
      'GrantProvisionalAccess',
      'FlagAccount',
      'ResolveFlag',
      'PlaceLegalHold',
      'ReleaseLegalHold',
      'CloseAccount',
    ];
    expect(all.filter((type) => !covered.has(type))).toEqual(['PlaceLegalHold', 'ReleaseLegalHold']);
  });

  it.each(
    everyOtherCommand
      .filter((cmd) => !['OpenAccount', 'DeclineAccountOpening'].includes(cmd.type))
      .map((cmd) => [cmd.type, cmd] as const),
  )('refuses %s on an account never opened', (_type, cmd) => {
    given(accountDecider, []).when(cmd, ctx).thenThrows(NotFoundError, 'account-not-found', 'not-found');
  });
});

describe('every command validates its account id and time', () => {
  it('refuses a malformed account id before anything else', () => {
    given(accountDecider, [opened])
      .when({ type: 'CloseAccount', data: { accountId: '$all', reason: 'other' } }, ctx)
      .thenThrows(ValidationError, 'invalid-id');
  });
  it('refuses a command dated in the future beyond clock skew, accepts one within it', () => {
    const close = (occurredAt: string) =>
      ({ type: 'CloseAccount', data: { accountId: A, reason: 'other', occurredAt } }) as const;
    given(accountDecider, [opened])
      .when(close(daysFromNow(0.01)), ctx)
      .thenThrows(ValidationError, 'instant-in-future');
    given(accountDecider, [opened])
      .when(close(new Date(Date.parse(NOW_ISO) + 60_000).toISOString()), ctx)
      .thenEvents(([event]) => expect(event.type).toBe('AccountClosed'));
  });
});
