import fc from 'fast-check';
import { ledgerEventTypes } from '../catalogue';
import { accountOpened, card, owner, wallet } from '../testing/fixtures';
import {
  blindIndexFields,
  blindIndexInput,
  blindIndexKinds,
  blindIndexTerms,
  normaliseForBlindIndex,
} from './blind-index';
import {
  normaliseEmail,
  normaliseNationalId,
  normalisePaymentIdentifier,
  normalisePersonName,
  normalisePhone,
} from './normalise';
import { piiPaths, piiPointers, toJsonPointer } from './pii-pointers';

/** RFC 6901 resolution, written here so the spec checks pointers independently of the code under test. */
function resolve(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((value, token) => (value as Record<string, unknown>)[token], document);
}

describe('piiPointers', () => {
  it('lists every PII member of an opening, with array indexes', () => {
    const opened = accountOpened({ paymentMeans: [card, wallet] });
    expect(piiPointers('AccountOpened', opened.data)).toEqual([
      '/customer/name',
      '/customer/address',
      '/customer/nationalId',
      '/customer/dateOfBirth',
      '/contact/email',
      '/contact/phone',
      '/paymentMeans/0/identifier',
      '/paymentMeans/1/identifier',
    ]);
  });
  it('skips members that are absent', () => {
    const minimal = accountOpened({
      customer: { kind: 'organization', name: 'N', address: { lines: ['l'], city: 'c', country: 'CY' }, country: 'CY' },
      contact: { email: 'a@b.example' },
      paymentMeans: [],
    });
    expect(piiPointers('AccountOpened', minimal.data)).toEqual([
      '/customer/name',
      '/customer/address',
      '/contact/email',
    ]);
  });
  it('marks owners, payment means, evidence, measure criteria and investigator search terms', () => {
    expect(piiPointers('BeneficialOwnerAdded', { ...owner, occurredAt: 'x' })).toEqual([
      '/name',
      '/address',
      '/nationalId',
      '/dateOfBirth',
    ]);
    expect(piiPointers('PaymentMeansAdded', { ...card, occurredAt: 'x' })).toEqual(['/identifier']);
    expect(
      piiPointers('IdentityVerified', {
        subject: 'customer',
        evidence: [
          { kind: 'passport', issuer: 'BG', reference: 'P1' },
          { kind: 'bill', issuer: 'EVN', reference: 'B2' },
        ],
      }),
    ).toEqual(['/evidence/0/reference', '/evidence/1/reference']);
    expect(
      piiPointers('SpecialMeasureIssued', { target: 'person', match: { name: 'n', dateOfBirth: '1970-01-01' } }),
    ).toEqual(['/match/name', '/match/dateOfBirth']);
    expect(piiPointers('SpecialMeasureIssued', { target: 'jurisdiction', match: { countries: ['XA'] } })).toEqual([]);
    expect(
      piiPointers('RecordsAccessed', { actor: 'a', query: { kind: 'k', parameters: { email: 'e', ip: '192.0.2.1' } } }),
    ).toEqual(['/query/parameters/email']);
    expect(piiPointers('CustomerInfoUpdated', { contact: { phone: '+1' }, occurredAt: 'x' })).toEqual([
      '/contact/phone',
    ]);
  });
  it('marks nothing in events without PII, and in unknown event types', () => {
    expect(piiPointers('AccessRecorded', { ip: '192.0.2.1', at: 'x', kind: 'access' })).toEqual([]);
    expect(piiPointers('AccountClosed', { reason: 'other' })).toEqual([]);
    expect(piiPointers('NoSuchEvent', { name: 'x' })).toEqual([]);
  });
  it('knows every event type of the catalogue', () => {
    expect(Object.keys(piiPaths).sort()).toEqual([...ledgerEventTypes].sort());
  });
  it('escapes tokens as RFC 6901 requires', () => {
    expect(toJsonPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
  });
  it('property: every pointer resolves to a present member, for any number of payment means and evidence', () => {
    const means = fc.record({
      paymentMeansId: fc.constant('p'),
      method: fc.constant('card'),
      identifier: fc.string({ minLength: 1 }),
    });
    fc.assert(
      fc.property(fc.array(means, { maxLength: 8 }), fc.boolean(), (paymentMeans, withPhone) => {
        const data = accountOpened({
          paymentMeans: paymentMeans,
          contact: withPhone ? { email: 'e@x', phone: '+1 202 555 0123' } : { email: 'e@x' },
        }).data;
        const pointers = piiPointers('AccountOpened', data);
        expect(pointers).toHaveLength(4 + 1 + (withPhone ? 1 : 0) + paymentMeans.length);
        for (const pointer of pointers) expect(resolve(data, pointer)).toBeDefined();
      }),
    );
  });
});

describe('normalisation for blind indexes', () => {
  it('trims and lower-cases emails', () => {
    expect(normaliseEmail('  Ivana.Petrova@Example.ORG ')).toBe('ivana.petrova@example.org');
  });
  it('writes phones in E.164 and requires the country code', () => {
    expect(normalisePhone('+49 (30) 901-820')).toBe('+4930901820');
    expect(normalisePhone('+1 202 555 0123')).toBe('+12025550123');
    expect(normalisePhone('030 901820')).toBeNull();
    expect(normalisePhone('+1')).toBeNull();
    expect(normalisePhone('call me')).toBeNull();
  });
  it('removes spaces and dashes from national ids and upper-cases them', () => {
    expect(normaliseNationalId(' ab-123 456\t')).toBe('AB123456');
  });
  it('keeps only letters and digits of payment identifiers, upper-cased', () => {
    expect(normalisePaymentIdentifier('4111 1111-1111 1111')).toBe('4111111111111111');
    expect(normalisePaymentIdentifier('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });
  it('folds case, accents and spacing of names', () => {
    expect(normalisePersonName("  José  O'Neil ")).toBe('jose oneil');
  });
  it('gives no index for empty normal forms', () => {
    expect(normaliseForBlindIndex('paymentIdentifier', ' - ')).toBeNull();
    expect(normaliseForBlindIndex('email', '   ')).toBeNull();
  });
  it('property: every normalisation is idempotent', () => {
    const phone = fc
      .tuple(fc.constantFrom('+1 202', '+49 30', '+44 20 7946', '+33 1'), fc.stringMatching(/^[0-9 -]{4,9}$/))
      .map(([a, b]) => `${a} ${b}`);
    fc.assert(
      fc.property(fc.string(), phone, (text, phoneText) => {
        for (const normalise of [
          normaliseEmail,
          normaliseNationalId,
          normalisePaymentIdentifier,
          normalisePersonName,
        ]) {
          expect(normalise(normalise(text))).toBe(normalise(text));
        }
        for (const raw of [text, phoneText]) {
          const once = normalisePhone(raw);
          if (once !== null) expect(normalisePhone(once)).toBe(once);
        }
      }),
    );
  });
});

describe('blindIndexTerms', () => {
  it('gives the normalised terms of an opening with the pointer each came from', () => {
    expect(blindIndexTerms('AccountOpened', accountOpened({ paymentMeans: [card, wallet] }).data)).toEqual([
      { kind: 'email', pointer: '/contact/email', normalised: 'ivana.petrova@example.org' },
      { kind: 'phone', pointer: '/contact/phone', normalised: '+4930901820' },
      { kind: 'nationalId', pointer: '/customer/nationalId', normalised: 'AB123456' },
      { kind: 'paymentIdentifier', pointer: '/paymentMeans/0/identifier', normalised: '4111111111111111' },
      { kind: 'paymentIdentifier', pointer: '/paymentMeans/1/identifier', normalised: 'BC1QEXAMPLEADDRESS0000' },
    ]);
  });
  it('only indexes PII members (every indexed pointer is also sealed)', () => {
    for (const type of Object.keys(blindIndexFields)) {
      const data = type === 'PaymentMeansAdded' ? card : type === 'BeneficialOwnerAdded' ? owner : accountOpened().data;
      const pii = new Set(piiPointers(type, data));
      for (const term of blindIndexTerms(type, data)) expect(pii.has(term.pointer)).toBe(true);
    }
  });
  it('skips sealed or unreadable values, and events that feed no index', () => {
    expect(blindIndexTerms('PaymentMeansAdded', { identifier: { $sealed: 'A256GCM' } })).toEqual([]);
    expect(blindIndexTerms('AccessRecorded', { ip: '192.0.2.1' })).toEqual([]);
  });
  it('names the HMAC input as kind ":" value for each kind', () => {
    expect(blindIndexKinds).toEqual(['email', 'phone', 'nationalId', 'paymentIdentifier']);
    expect(blindIndexInput('email', 'a@b.example')).toBe('email:a@b.example');
  });
});
