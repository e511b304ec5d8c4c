import { type Command, type DecisionContext, type IsoInstant } from '../shared/domain-event';
import { type ResellerState } from '../reseller/reseller.state';
import { type SpecialMeasureState } from '../special-measure/special-measure.state';
import {
  type BeneficialOwner,
  type Channel,
  type ClosureReason,
  type Contact,
  type Customer,
  type Evidence,
  type FlagCategory,
  type FlagOutcome,
  type PaymentMeans,
  type ResolvedDiscrepancy,
  type Severity,
  type Subject,
  type UsPersonStatus,
  type VerificationMethod,
} from './account.events';

// Every account command names its account; `occurredAt` is when the fact happened at the provider and
// defaults to the decision context's `now`.
interface AccountCommandData {
  accountId: string;
  occurredAt?: IsoInstant;
}

/**
 * Opens an account. The decider may answer with AccountOpeningDeclined instead of AccountOpened (a
 * matching special-measure prohibition, a terminated reseller); owners given here are added in the same
 * decision as BeneficialOwnerAdded events and are matched against special measures too.
 */
export type OpenAccount = Command<
  'OpenAccount',
  AccountCommandData & {
    customer: Customer;
    contact: Contact;
    paymentMeans: PaymentMeans[];
    channel: Channel;
    usPersonStatus: UsPersonStatus;
    ip?: string;
    beneficialOwners?: BeneficialOwner[];
  }
>;

/** The provider itself declined an opening (e.g. identity could not be verified) and records the attempt. */
export type DeclineAccountOpening = Command<
  'DeclineAccountOpening',
  AccountCommandData & {
    reason: 'unverified' | 'other';
    detail?: string;
    customer: Customer;
    contact: Contact;
    paymentMeans?: PaymentMeans[];
    channel: Channel;
    ip?: string;
  }
>;

export type UpdateCustomerInfo = Command<
  'UpdateCustomerInfo',
  AccountCommandData & { customer?: Partial<Omit<Customer, 'kind'>>; contact?: Partial<Contact> }
>;

export type AddPaymentMeans = Command<'AddPaymentMeans', AccountCommandData & { paymentMeans: PaymentMeans }>;

export type RemovePaymentMeans = Command<
  'RemovePaymentMeans',
  AccountCommandData & { paymentMeansId: string; reason?: string }
>;

export type AddBeneficialOwner = Command<'AddBeneficialOwner', AccountCommandData & { owner: BeneficialOwner }>;

export type RemoveBeneficialOwner = Command<'RemoveBeneficialOwner', AccountCommandData & { ownerId: string }>;

export type DetermineUsPersonStatus = Command<
  'DetermineUsPersonStatus',
  AccountCommandData & { subject: Subject; status: UsPersonStatus; basis: string }
>;

export type VerifyIdentity = Command<
  'VerifyIdentity',
  AccountCommandData & {
    subject: Subject;
    method: VerificationMethod;
    evidence: Evidence[];
    verifiedBy: string;
    discrepanciesResolved?: ResolvedDiscrepancy[];
  }
>;

export type RecordVerificationFailure = Command<
  'RecordVerificationFailure',
  AccountCommandData & { subject: Subject; method: VerificationMethod; reason: string; discrepancies?: string[] }
>;

export type GrantProvisionalAccess = Command<
  'GrantProvisionalAccess',
  AccountCommandData & { restrictions: string[]; reviewBy: IsoInstant }
>;

export type FlagAccount = Command<
  'FlagAccount',
  AccountCommandData & {
    flagId: string;
    category: FlagCategory;
    indicators: string[];
    severity: Severity;
    source: string;
    measureId?: string;
    resellerId?: string;
  }
>;

export type ResolveFlag = Command<
  'ResolveFlag',
  AccountCommandData & { flagId: string; outcome: FlagOutcome; note: string }
>;

export type PlaceLegalHold = Command<
  'PlaceLegalHold',
  AccountCommandData & { holdId: string; authority: string; reference: string }
>;

export type ReleaseLegalHold = Command<'ReleaseLegalHold', AccountCommandData & { holdId: string }>;

export type CloseAccount = Command<'CloseAccount', AccountCommandData & { reason: ClosureReason; note?: string }>;

export type AccountCommand =
  | OpenAccount
  | DeclineAccountOpening
  | UpdateCustomerInfo
  | AddPaymentMeans
  | RemovePaymentMeans
  | AddBeneficialOwner
  | RemoveBeneficialOwner
  | DetermineUsPersonStatus
  | VerifyIdentity
  | RecordVerificationFailure
  | GrantProvisionalAccess
  | FlagAccount
  | ResolveFlag
  | PlaceLegalHold
  | ReleaseLegalHold
  | CloseAccount;

export type AccountCommandType = AccountCommand['type'];

/**
 * Cross-stream facts an account decision needs, loaded by the caller: the reseller's state when the
 * command names one, and every special measure that could apply (the decider itself checks target,
 * match, kind, effective window and rescission, so passing too many is harmless).
 */
export interface AccountContext extends DecisionContext {
  reseller?: ResellerState | null;
  specialMeasures?: readonly SpecialMeasureState[];
}
