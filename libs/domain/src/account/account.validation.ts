import { ValidationError } from '../shared/errors';
import * as check from '../shared/validate';
import { normalisePhone } from '../pii/normalise';
import {
  type BeneficialOwner,
  type Channel,
  type Contact,
  type Customer,
  CUSTOMER_SUBJECT,
  type Evidence,
  type PaymentMeans,
  type PostalAddress,
  type ResolvedDiscrepancy,
  type UsPersonStatus,
} from './account.events';

// Validation of the account catalogue's value types. Each function returns a fresh object holding only
// the known members, so unknown members a caller slipped in never reach the ledger.

export const US_PERSON_STATUSES: readonly UsPersonStatus[] = ['us', 'foreign', 'undetermined'];
export const BENEFICIAL_OWNERSHIP_THRESHOLD_PCT = 25;

export function postalAddress(value: unknown, field: string): PostalAddress {
  const raw = check.plainObject(value, field);
  const address: PostalAddress = {
    lines: check.textList(raw.lines, `${field}.lines`, { min: 1, max: 6 }),
    city: check.text(raw.city, `${field}.city`, 200),
    country: check.countryCode(raw.country, `${field}.country`),
  };
  if (raw.region !== undefined) address.region = check.text(raw.region, `${field}.region`, 200);
  if (raw.postalCode !== undefined) address.postalCode = check.text(raw.postalCode, `${field}.postalCode`, 40);
  return address;
}

export function customer(value: unknown, now: Date): Customer {
  const raw = check.plainObject(value, 'customer');
  const kind = check.oneOf(raw.kind, ['individual', 'organization'], 'customer.kind');
  const result: Customer = {
    kind,
    name: check.text(raw.name, 'customer.name', 300),
    address: postalAddress(raw.address, 'customer.address'),
    country: check.countryCode(raw.country, 'customer.country'),
  };
  if (raw.nationalId !== undefined) result.nationalId = check.text(raw.nationalId, 'customer.nationalId', 100);
  if (raw.dateOfBirth !== undefined) {
    if (kind === 'organization') {
      throw new ValidationError('date-of-birth-for-organization', 'customer.dateOfBirth: an organisation has none', {
        field: 'customer.dateOfBirth',
      });
    }
    result.dateOfBirth = check.birthDate(raw.dateOfBirth, 'customer.dateOfBirth', now);
  }
  return result;
}

/** The members of a customer update: any of Customer's but `kind`, at least one overall (checked by the caller). */
export function customerChanges(value: unknown, kind: Customer['kind'], now: Date): Partial<Omit<Customer, 'kind'>> {
  const raw = check.plainObject(value, 'customer');
  if (raw.kind !== undefined) {
    throw new ValidationError(
      'customer-kind-immutable',
      'customer.kind: an account cannot change between individual and organisation',
      {
        field: 'customer.kind',
      },
    );
  }
  const changes: Partial<Omit<Customer, 'kind'>> = {};
  if (raw.name !== undefined) changes.name = check.text(raw.name, 'customer.name', 300);
  if (raw.address !== undefined) changes.address = postalAddress(raw.address, 'customer.address');
  if (raw.country !== undefined) changes.country = check.countryCode(raw.country, 'customer.country');
  if (raw.nationalId !== undefined) changes.nationalId = check.text(raw.nationalId, 'customer.nationalId', 100);
  if (raw.dateOfBirth !== undefined) {
    if (kind === 'organization') {
      throw new ValidationError('date-of-birth-for-organization', 'customer.dateOfBirth: an organisation has none', {
        field: 'customer.dateOfBirth',
      });
    }
    changes.dateOfBirth = check.birthDate(raw.dateOfBirth, 'customer.dateOfBirth', now);
  }
  return changes;
}

export function email(value: unknown, field: string): string {
  const text = check.text(value, field, 320);
  if (!/^[^\s@]+@[^\s@]+$/.test(text.trim())) {
    throw new ValidationError('invalid-email', `${field}: must be an email address`, { field });
  }
  return text;
}

export function phone(value: unknown, field: string): string {
  const text = check.text(value, field, 64);
  if (normalisePhone(text) === null) {
    throw new ValidationError(
      'invalid-phone',
      `${field}: must be a phone number with its country code after a leading +`,
      {
        field,
      },
    );
  }
  return text;
}

export function contact(value: unknown): Contact {
  const raw = check.plainObject(value, 'contact');
  const result: Contact = { email: email(raw.email, 'contact.email') };
  if (raw.phone !== undefined) result.phone = phone(raw.phone, 'contact.phone');
  return result;
}

export function contactChanges(value: unknown): Partial<Contact> {
  const raw = check.plainObject(value, 'contact');
  const changes: Partial<Contact> = {};
  if (raw.email !== undefined) changes.email = email(raw.email, 'contact.email');
  if (raw.phone !== undefined) changes.phone = phone(raw.phone, 'contact.phone');
  return changes;
}

export function paymentMeans(value: unknown, field: string): PaymentMeans {
  const raw = check.plainObject(value, field);
  const result: PaymentMeans = {
    paymentMeansId: check.id(raw.paymentMeansId, `${field}.paymentMeansId`),
    method: check.oneOf(raw.method, ['card', 'bank', 'wallet', 'invoice'], `${field}.method`),
    identifier: check.text(raw.identifier, `${field}.identifier`, 200),
  };
  if (raw.institution !== undefined) result.institution = check.text(raw.institution, `${field}.institution`, 200);
  if (raw.fingerprint !== undefined) result.fingerprint = check.text(raw.fingerprint, `${field}.fingerprint`, 200);
  return result;
}

export function paymentMeansList(value: unknown): PaymentMeans[] {
  const items = check
    .list<unknown>(value, 'paymentMeans', { max: 100 })
    .map((item, index) => paymentMeans(item, `paymentMeans[${index}]`));
  check.uniqueIds(
    items.map((item) => item.paymentMeansId),
    'paymentMeans',
  );
  return items;
}

export function channel(value: unknown): Channel {
  const raw = check.plainObject(value, 'channel');
  const kind = check.oneOf(raw.kind, ['direct', 'reseller'], 'channel.kind');
  return kind === 'direct' ? { kind } : { kind, resellerId: check.id(raw.resellerId, 'channel.resellerId') };
}

/** ownershipPct in 0..100; below the 25 % threshold an owner is one only through substantial control. */
export function beneficialOwner(value: unknown, field: string, now: Date): BeneficialOwner {
  const raw = check.plainObject(value, field);
  const ownerId = check.id(raw.ownerId, `${field}.ownerId`);
  if (ownerId === CUSTOMER_SUBJECT) {
    throw new ValidationError('reserved-owner-id', `${field}.ownerId: "customer" names the customer as a subject`, {
      field: `${field}.ownerId`,
    });
  }
  const pct = raw.ownershipPct;
  if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 100) {
    throw new ValidationError('invalid-ownership', `${field}.ownershipPct: must be a number from 0 to 100`, {
      field: `${field}.ownershipPct`,
    });
  }
  const controlBasis =
    raw.controlBasis === undefined || raw.controlBasis === null
      ? null
      : check.text(raw.controlBasis, `${field}.controlBasis`, 300);
  if (pct < BENEFICIAL_OWNERSHIP_THRESHOLD_PCT && controlBasis === null) {
    throw new ValidationError(
      'not-a-beneficial-owner',
      `${field}: a beneficial owner holds at least ${BENEFICIAL_OWNERSHIP_THRESHOLD_PCT} % or exercises substantial control (controlBasis)`,
      { field: `${field}.ownershipPct` },
    );
  }
  const owner: BeneficialOwner = {
    ownerId,
    name: check.text(raw.name, `${field}.name`, 300),
    address: postalAddress(raw.address, `${field}.address`),
    ownershipPct: pct,
    controlBasis,
    usPersonStatus: check.oneOf(raw.usPersonStatus, US_PERSON_STATUSES, `${field}.usPersonStatus`),
  };
  if (raw.nationalId !== undefined) owner.nationalId = check.text(raw.nationalId, `${field}.nationalId`, 100);
  if (raw.dateOfBirth !== undefined) owner.dateOfBirth = check.birthDate(raw.dateOfBirth, `${field}.dateOfBirth`, now);
  if (raw.country !== undefined) owner.country = check.countryCode(raw.country, `${field}.country`);
  return owner;
}

export function evidence(value: unknown, field: string): Evidence {
  const raw = check.plainObject(value, field);
  const result: Evidence = {
    kind: check.text(raw.kind, `${field}.kind`, 100),
    issuer: check.text(raw.issuer, `${field}.issuer`, 200),
    reference: check.text(raw.reference, `${field}.reference`, 200),
  };
  if (raw.expiresAt !== undefined) result.expiresAt = check.instant(raw.expiresAt, `${field}.expiresAt`);
  return result;
}

export function resolvedDiscrepancies(value: unknown): ResolvedDiscrepancy[] {
  if (value === undefined) return [];
  return check.list<unknown>(value, 'discrepanciesResolved', { max: 100 }).map((item, index) => {
    const raw = check.plainObject(item, `discrepanciesResolved[${index}]`);
    return {
      description: check.text(raw.description, `discrepanciesResolved[${index}].description`),
      resolution: check.text(raw.resolution, `discrepanciesResolved[${index}].resolution`),
    };
  });
}
