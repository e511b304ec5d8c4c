import { PII_QUERY_PARAMETERS } from '../investigator/investigator.events';
import { isLedgerEventType, type LedgerEventType } from '../catalogue';

// Which members of each event's data are PII (marked * in mission.md). The sealer replaces exactly the
// members `piiPointers` returns with sealed values, so this table is the one place that decides it.

/** A path into event data; `*` stands for every index of an array. */
type PiiPath = readonly string[];

const PARTY_PII = ['name', 'address', 'nationalId', 'dateOfBirth'] as const;
const customerPaths = PARTY_PII.map((member) => ['customer', member]);
const contactPaths = [
  ['contact', 'email'],
  ['contact', 'phone'],
];
const paymentMeansListPath = ['paymentMeans', '*', 'identifier'];

/** Every event type, with the paths of its PII members (empty: the event holds no PII). */
export const piiPaths: { readonly [T in LedgerEventType]: readonly PiiPath[] } = {
  AccountOpened: [...customerPaths, ...contactPaths, paymentMeansListPath],
  AccountOpeningDeclined: [...customerPaths, ...contactPaths, paymentMeansListPath],
  CustomerInfoUpdated: [...customerPaths, ...contactPaths],
  PaymentMeansAdded: [['identifier']],
  PaymentMeansRemoved: [],
  BeneficialOwnerAdded: PARTY_PII.map((member) => [member]),
  BeneficialOwnerRemoved: [],
  UsPersonStatusDetermined: [],
  IdentityVerified: [['evidence', '*', 'reference']],
  IdentityVerificationFailed: [],
  ProvisionalAccessGranted: [],
  AccountFlagged: [],
  FlagResolved: [],
  LegalHoldPlaced: [],
  LegalHoldReleased: [],
  AccountClosed: [],
  AccessRecorded: [],
  ResellerOnboarded: [],
  ResellerCipUpdated: [],
  ResellerNoncomplianceDetected: [],
  ResellerTerminated: [],
  SpecialMeasureIssued: [
    ['match', 'nationalId'],
    ['match', 'name'],
    ['match', 'dateOfBirth'],
  ],
  SpecialMeasureExtended: [],
  SpecialMeasureRescinded: [],
  RecordsAccessed: PII_QUERY_PARAMETERS.map((parameter) => ['query', 'parameters', parameter]),
  CheckpointSigned: [],
};

/** RFC 6901: `~` is written `~0` and `/` is written `~1` inside a reference token. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toJsonPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${escapePointerToken(String(token))}`).join('');
}

/**
 * RFC 6901 JSON pointers of every PII member present in an event's data, array indexes expanded
 * (`/paymentMeans/0/identifier`), in a stable order. Members that are absent or undefined are skipped.
 * Unknown event types have no known PII and give an empty list.
 *
 * @example piiPointers('PaymentMeansAdded', { identifier: '4111…', ... }) // ['/identifier']
 */
export function piiPointers(eventType: string, data: unknown): string[] {
  if (!isLedgerEventType(eventType)) return [];
  const pointers: string[] = [];
  for (const path of piiPaths[eventType]) collect(data, path, [], pointers);
  return pointers;
}

function collect(value: unknown, path: PiiPath, at: (string | number)[], out: string[]): void {
  if (path.length === 0) {
    if (value !== undefined) out.push(toJsonPointer(at));
    return;
  }
  const [head, ...rest] = path;
  if (head === '*') {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) => collect(item, rest, [...at, index], out));
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  if (!Object.prototype.hasOwnProperty.call(value, head)) return;
  collect((value as Record<string, unknown>)[head], rest, [...at, head], out);
}
