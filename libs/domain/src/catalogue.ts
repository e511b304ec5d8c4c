import { type AccessEvent } from './access/access.events';
import { type AccountEvent } from './account/account.events';
import { type CheckpointEvent } from './checkpoint/checkpoint.events';
import { type InvestigatorEvent } from './investigator/investigator.events';
import { type ResellerEvent } from './reseller/reseller.events';
import { type SpecialMeasureEvent } from './special-measure/special-measure.events';
import { type StreamKind } from './shared/stream-names';

/** Every event the ledger records. */
export type LedgerEvent =
  AccountEvent | AccessEvent | ResellerEvent | SpecialMeasureEvent | InvestigatorEvent | CheckpointEvent;

export type LedgerEventType = LedgerEvent['type'];

/** The event of a given type, e.g. `EventOfType<'AccountOpened'>`. */
export type EventOfType<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>;

/**
 * Current data-schema version of every event type; deciders write these, readers use them to upcast.
 * Bump a version (and keep reading the old one) whenever a type's data changes shape.
 */
export const eventSchemaVersions: { readonly [T in LedgerEventType]: EventOfType<T>['schema'] } = Object.freeze({
  AccountOpened: 1,
  AccountOpeningDeclined: 1,
  CustomerInfoUpdated: 1,
  PaymentMeansAdded: 1,
  PaymentMeansRemoved: 1,
  BeneficialOwnerAdded: 1,
  BeneficialOwnerRemoved: 1,
  UsPersonStatusDetermined: 1,
  IdentityVerified: 1,
  IdentityVerificationFailed: 1,
  ProvisionalAccessGranted: 1,
  AccountFlagged: 1,
  FlagResolved: 1,
  LegalHoldPlaced: 1,
  LegalHoldReleased: 1,
  AccountClosed: 1,
  AccessRecorded: 1,
  ResellerOnboarded: 1,
  ResellerCipUpdated: 1,
  ResellerNoncomplianceDetected: 1,
  ResellerTerminated: 1,
  SpecialMeasureIssued: 1,
  SpecialMeasureExtended: 1,
  SpecialMeasureRescinded: 1,
  RecordsAccessed: 1,
  CheckpointSigned: 1,
});

export const ledgerEventTypes = Object.keys(eventSchemaVersions) as LedgerEventType[];

/** Which stream kind each event type belongs to. */
export const streamKindOfEventType: { readonly [T in LedgerEventType]: StreamKind } = Object.freeze({
  AccountOpened: 'account',
  AccountOpeningDeclined: 'account',
  CustomerInfoUpdated: 'account',
  PaymentMeansAdded: 'account',
  PaymentMeansRemoved: 'account',
  BeneficialOwnerAdded: 'account',
  BeneficialOwnerRemoved: 'account',
  UsPersonStatusDetermined: 'account',
  IdentityVerified: 'account',
  IdentityVerificationFailed: 'account',
  ProvisionalAccessGranted: 'account',
  AccountFlagged: 'account',
  FlagResolved: 'account',
  LegalHoldPlaced: 'account',
  LegalHoldReleased: 'account',
  AccountClosed: 'account',
  AccessRecorded: 'access',
  ResellerOnboarded: 'reseller',
  ResellerCipUpdated: 'reseller',
  ResellerNoncomplianceDetected: 'reseller',
  ResellerTerminated: 'reseller',
  SpecialMeasureIssued: 'special-measure',
  SpecialMeasureExtended: 'special-measure',
  SpecialMeasureRescinded: 'special-measure',
  RecordsAccessed: 'investigator-reads',
  CheckpointSigned: 'checkpoints',
});

export function isLedgerEventType(type: string): type is LedgerEventType {
  return Object.prototype.hasOwnProperty.call(eventSchemaVersions, type);
}
