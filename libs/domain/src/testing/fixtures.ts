import { type AccountContext, type OpenAccount } from '../account/account.commands';
import {
  type AccountOpened,
  type BeneficialOwner,
  type Contact,
  type Customer,
  type PaymentMeans,
} from '../account/account.events';
import { type DecisionContext } from '../shared/domain-event';
import { evolveReseller } from '../reseller/reseller.decider';
import { type ResellerEvent, type ResellerOnboarded } from '../reseller/reseller.events';
import { initialResellerState, type ResellerState } from '../reseller/reseller.state';
import { defaultPolicy, type LedgerPolicy } from '../shared/policy';
import { evolveSpecialMeasure } from '../special-measure/special-measure.decider';
import { type SpecialMeasureEvent, type SpecialMeasureIssued } from '../special-measure/special-measure.events';
import { initialSpecialMeasureState, type SpecialMeasureState } from '../special-measure/special-measure.state';

// Example data for specs. Names and numbers are invented; phone numbers are in ranges reserved for fiction.

export const NOW = new Date('2026-12-01T12:00:00.000Z');
export const NOW_ISO = NOW.toISOString();

export function contextAt(now: Date = NOW, policy: LedgerPolicy = defaultPolicy): DecisionContext {
  return { now, policy };
}

export function accountContext(overrides: Partial<AccountContext> = {}): AccountContext {
  return { now: NOW, policy: defaultPolicy, ...overrides };
}

/** `days` before (negative) or after NOW, as an ISO instant. */
export function daysFromNow(days: number): string {
  return new Date(NOW.getTime() + days * 86_400_000).toISOString();
}

export const customer: Customer = {
  kind: 'individual',
  name: 'Ivana Petrova',
  address: { lines: ['Friedrichstraße 12'], city: 'Berlin', postalCode: '10117', country: 'DE' },
  nationalId: 'AB 123-456',
  dateOfBirth: '1984-04-02',
  country: 'BG',
};

export const organisation: Customer = {
  kind: 'organization',
  name: 'Northwind Compute Ltd',
  address: { lines: ['1 Harbour Road'], city: 'Limassol', country: 'CY' },
  nationalId: 'HE 402117',
  country: 'CY',
};

export const contact: Contact = { email: 'Ivana.Petrova@example.org', phone: '+49 30 901820' };

export const card: PaymentMeans = {
  paymentMeansId: 'pm-1',
  method: 'card',
  institution: 'Example Bank',
  identifier: '4111 1111 1111 1111',
  fingerprint: 'fp_abc123',
};

export const wallet: PaymentMeans = {
  paymentMeansId: 'pm-2',
  method: 'wallet',
  identifier: 'bc1qexampleaddress0000',
};

export const owner: BeneficialOwner = {
  ownerId: 'owner-1',
  name: 'Marek Novak',
  address: { lines: ['Karlova 3'], city: 'Praha', country: 'CZ' },
  nationalId: 'CZ-840402/1234',
  dateOfBirth: '1979-11-30',
  country: 'CZ',
  ownershipPct: 60,
  controlBasis: null,
  usPersonStatus: 'foreign',
};

export function openAccount(overrides: Partial<OpenAccount['data']> = {}): OpenAccount {
  return {
    type: 'OpenAccount',
    data: {
      accountId: 'acct-1',
      customer,
      contact,
      paymentMeans: [card],
      channel: { kind: 'direct' },
      usPersonStatus: 'foreign',
      ip: '203.0.113.7',
      occurredAt: daysFromNow(-30),
      ...overrides,
    },
  };
}

export function accountOpened(overrides: Partial<AccountOpened['data']> = {}): AccountOpened {
  return {
    type: 'AccountOpened',
    schema: 1,
    data: {
      customer,
      contact,
      paymentMeans: [card],
      channel: { kind: 'direct' },
      usPersonStatus: 'foreign',
      ip: '203.0.113.7',
      occurredAt: daysFromNow(-30),
      ...overrides,
    },
  };
}

export function measureIssued(
  overrides: Partial<SpecialMeasureIssued['data']> & Pick<SpecialMeasureIssued['data'], 'target' | 'match'>,
): SpecialMeasureIssued {
  return {
    type: 'SpecialMeasureIssued',
    schema: 1,
    data: {
      measureId: 'sm-1',
      kind: 'prohibition',
      conditions: [],
      determinedAt: daysFromNow(-400),
      effectiveFrom: daysFromNow(-200),
      expiresAt: daysFromNow(165),
      reference: '91 FR 12345',
      occurredAt: daysFromNow(-400),
      ...overrides,
    },
  };
}

/** The state of a measure after the given events (as a caller would load it to pass into OpenAccount). */
export function measureState(...events: SpecialMeasureEvent[]): SpecialMeasureState {
  return events.reduce(evolveSpecialMeasure, initialSpecialMeasureState());
}

export function resellerState(...events: ResellerEvent[]): ResellerState {
  return events.reduce(evolveReseller, initialResellerState());
}

export const resellerOnboarded: ResellerOnboarded = {
  type: 'ResellerOnboarded',
  schema: 1,
  data: {
    name: 'Cloudhaus GmbH',
    jurisdiction: 'DE',
    cipMode: 'own',
    cipDigest: 'a'.repeat(64),
    occurredAt: daysFromNow(-300),
  },
};
