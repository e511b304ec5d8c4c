import { isLedgerEventType, type LedgerEventType } from '../catalogue';
import { normaliseEmail, normaliseNationalId, normalisePaymentIdentifier, normalisePhone } from './normalise';

/**
 * The searchable PII kinds. Read models hold them only as `HMAC-SHA256(index key, kind ":" normalised)`,
 * so an investigator can look up an exact value without the read model holding it in clear.
 */
export type BlindIndexKind = 'email' | 'phone' | 'nationalId' | 'paymentIdentifier';

export const blindIndexKinds: readonly BlindIndexKind[] = ['email', 'phone', 'nationalId', 'paymentIdentifier'];

/** Normal form of a value of a kind, or null when it has none (a phone number libphonenumber cannot read). */
export function normaliseForBlindIndex(kind: BlindIndexKind, raw: string): string | null {
  switch (kind) {
    case 'email':
      return emptyToNull(normaliseEmail(raw));
    case 'phone':
      return normalisePhone(raw);
    case 'nationalId':
      return emptyToNull(normaliseNationalId(raw));
    case 'paymentIdentifier':
      return emptyToNull(normalisePaymentIdentifier(raw));
  }
}

function emptyToNull(value: string): string | null {
  return value === '' ? null : value;
}

/** The text an index key is HMAC'd over: `kind ":" normalised value`. */
export function blindIndexInput(kind: BlindIndexKind, normalised: string): string {
  return `${kind}:${normalised}`;
}

type FieldPath = readonly string[];

/** Which members of which events feed each kind (`*` stands for every array index). */
export const blindIndexFields: {
  readonly [T in LedgerEventType]?: readonly { kind: BlindIndexKind; path: FieldPath }[];
} = {
  AccountOpened: [
    { kind: 'email', path: ['contact', 'email'] },
    { kind: 'phone', path: ['contact', 'phone'] },
    { kind: 'nationalId', path: ['customer', 'nationalId'] },
    { kind: 'paymentIdentifier', path: ['paymentMeans', '*', 'identifier'] },
  ],
  AccountOpeningDeclined: [
    { kind: 'email', path: ['contact', 'email'] },
    { kind: 'phone', path: ['contact', 'phone'] },
    { kind: 'nationalId', path: ['customer', 'nationalId'] },
    { kind: 'paymentIdentifier', path: ['paymentMeans', '*', 'identifier'] },
  ],
  CustomerInfoUpdated: [
    { kind: 'email', path: ['contact', 'email'] },
    { kind: 'phone', path: ['contact', 'phone'] },
    { kind: 'nationalId', path: ['customer', 'nationalId'] },
  ],
  PaymentMeansAdded: [{ kind: 'paymentIdentifier', path: ['identifier'] }],
  BeneficialOwnerAdded: [{ kind: 'nationalId', path: ['nationalId'] }],
};

export interface BlindIndexTerm {
  kind: BlindIndexKind;
  /** RFC 6901 pointer of the member the value came from */
  pointer: string;
  normalised: string;
}

/**
 * The blind-index terms of an event's clear data (call it before sealing): one per present, normalisable
 * member. A projection HMACs `blindIndexInput(kind, normalised)` for each.
 */
export function blindIndexTerms(eventType: string, data: unknown): BlindIndexTerm[] {
  if (!isLedgerEventType(eventType)) return [];
  const terms: BlindIndexTerm[] = [];
  for (const { kind, path } of blindIndexFields[eventType] ?? []) {
    for (const [pointer, value] of valuesAt(data, path, '')) {
      if (typeof value !== 'string') continue;
      const normalised = normaliseForBlindIndex(kind, value);
      if (normalised !== null) terms.push({ kind, pointer, normalised });
    }
  }
  return terms;
}

function valuesAt(value: unknown, path: FieldPath, pointer: string): [string, unknown][] {
  if (path.length === 0) return value === undefined ? [] : [[pointer, value]];
  const [head, ...rest] = path;
  if (head === '*') {
    return Array.isArray(value) ? value.flatMap((item, index) => valuesAt(item, rest, `${pointer}/${index}`)) : [];
  }
  if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, head)) return [];
  return valuesAt((value as Record<string, unknown>)[head], rest, `${pointer}/${head}`);
}
