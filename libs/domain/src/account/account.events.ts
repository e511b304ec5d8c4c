import { type CountryCode, type DomainEvent, type IsoDate, type IsoInstant } from '../shared/domain-event';

// Members marked PII below are the ones mission.md marks with *; `piiPointers` lists them per event and
// the sealer replaces exactly those members with sealed values.

export type PartyKind = 'individual' | 'organization';
export type UsPersonStatus = 'us' | 'foreign' | 'undetermined';

/** A postal address; sealed as one member. */
export interface PostalAddress {
  lines: string[];
  city: string;
  region?: string;
  postalCode?: string;
  country: CountryCode;
}

export interface Customer {
  kind: PartyKind;
  /** PII */
  name: string;
  /** PII */
  address: PostalAddress;
  /** PII; national identification number (an organisation's registration number) */
  nationalId?: string;
  /** PII; individuals only */
  dateOfBirth?: IsoDate;
  /** country of citizenship (individual) or incorporation (organisation); not PII, feeds certification counts */
  country: CountryCode;
}

/** The email and telephone used to verify identity. */
export interface Contact {
  /** PII */
  email: string;
  /** PII; any format libphonenumber can read with a leading + */
  phone?: string;
}

export type PaymentMethod = 'card' | 'bank' | 'wallet' | 'invoice';

export interface PaymentMeans {
  /** the provider's id for this means of payment, so it can be removed later */
  paymentMeansId: string;
  method: PaymentMethod;
  /** bank, card network or wallet provider */
  institution?: string;
  /** PII; card/account number, IBAN, customer or transaction identifier, wallet address */
  identifier: string;
  /** a processor's non-reversible fingerprint of the instrument; not PII, links accounts sharing it */
  fingerprint?: string;
}

export type Channel = { kind: 'direct' } | { kind: 'reseller'; resellerId: string };

/** `customer` or the ownerId of a current beneficial owner */
export type Subject = string;
export const CUSTOMER_SUBJECT = 'customer';

export type AccountOpened = DomainEvent<
  'AccountOpened',
  {
    customer: Customer;
    contact: Contact;
    paymentMeans: PaymentMeans[];
    channel: Channel;
    usPersonStatus: UsPersonStatus;
    /** IP address the account was opened from (v4 or v6) */
    ip?: string;
    occurredAt: IsoInstant;
  },
  1
>;

export type OpeningDeclineReason = 'unverified' | 'special-measure' | 'reseller-terminated' | 'other';

/** A declined attempt is a record too: it keeps who tried, from where, and why it was refused. */
export type AccountOpeningDeclined = DomainEvent<
  'AccountOpeningDeclined',
  {
    reason: OpeningDeclineReason;
    /** the prohibition that matched, when reason is special-measure */
    measureId?: string;
    /** the reseller the attempt came through, when reason is reseller-terminated */
    resellerId?: string;
    /** free text from the provider; never PII */
    detail?: string;
    customer: Customer;
    contact: Contact;
    paymentMeans: PaymentMeans[];
    channel: Channel;
    ip?: string;
    occurredAt: IsoInstant;
  },
  1
>;

export type CustomerInfoUpdated = DomainEvent<
  'CustomerInfoUpdated',
  {
    /** only the members that changed; `kind` cannot change */
    customer?: Partial<Omit<Customer, 'kind'>>;
    contact?: Partial<Contact>;
    occurredAt: IsoInstant;
  },
  1
>;

export type PaymentMeansAdded = DomainEvent<'PaymentMeansAdded', PaymentMeans & { occurredAt: IsoInstant }, 1>;

export type PaymentMeansRemoved = DomainEvent<
  'PaymentMeansRemoved',
  { paymentMeansId: string; reason?: string; occurredAt: IsoInstant },
  1
>;

export interface BeneficialOwner {
  ownerId: string;
  /** PII */
  name: string;
  /** PII */
  address: PostalAddress;
  /** PII */
  nationalId?: string;
  /** PII */
  dateOfBirth?: IsoDate;
  /** citizenship; not PII, feeds certification counts and jurisdiction measures */
  country?: CountryCode;
  /** 0..100; an owner below 25 % must have a controlBasis */
  ownershipPct: number;
  /** how the owner exercises substantial control, e.g. "senior managing official"; null if none */
  controlBasis: string | null;
  usPersonStatus: UsPersonStatus;
}

export type BeneficialOwnerAdded = DomainEvent<'BeneficialOwnerAdded', BeneficialOwner & { occurredAt: IsoInstant }, 1>;

export type BeneficialOwnerRemoved = DomainEvent<
  'BeneficialOwnerRemoved',
  { ownerId: string; occurredAt: IsoInstant },
  1
>;

export type UsPersonStatusDetermined = DomainEvent<
  'UsPersonStatusDetermined',
  { subject: Subject; status: UsPersonStatus; basis: string; occurredAt: IsoInstant },
  1
>;

export type VerificationMethod = 'documentary' | 'non-documentary';

export interface Evidence {
  /** e.g. passport, national-id-card, utility-bill, credit-bureau-check */
  kind: string;
  issuer: string;
  /** PII; document number or the check's reference */
  reference: string;
  expiresAt?: IsoInstant;
}

export interface ResolvedDiscrepancy {
  description: string;
  resolution: string;
}

export type IdentityVerified = DomainEvent<
  'IdentityVerified',
  {
    subject: Subject;
    method: VerificationMethod;
    /** everything relied on; at least one item */
    evidence: Evidence[];
    verifiedBy: string;
    /** discrepancies found and how each was resolved */
    discrepanciesResolved: ResolvedDiscrepancy[];
    occurredAt: IsoInstant;
  },
  1
>;

export type IdentityVerificationFailed = DomainEvent<
  'IdentityVerificationFailed',
  {
    subject: Subject;
    method: VerificationMethod;
    reason: string;
    discrepancies: string[];
    occurredAt: IsoInstant;
  },
  1
>;

export type ProvisionalAccessGranted = DomainEvent<
  'ProvisionalAccessGranted',
  { restrictions: string[]; reviewBy: IsoInstant; occurredAt: IsoInstant },
  1
>;

export type FlagCategory = 'malicious-activity' | 'special-measure' | 'verification' | 'reseller' | 'other';
export type Severity = 'low' | 'medium' | 'high';

export type AccountFlagged = DomainEvent<
  'AccountFlagged',
  {
    flagId: string;
    category: FlagCategory;
    indicators: string[];
    severity: Severity;
    /** who raised it: a service, a team, or `special-measure` / `reseller` for flags the domain raises */
    source: string;
    /** the special measure whose condition applies (category special-measure) */
    measureId?: string;
    /** the reseller under a termination deadline (category reseller) */
    resellerId?: string;
    occurredAt: IsoInstant;
  },
  1
>;

export type FlagOutcome = 'cleared' | 'confirmed';

export type FlagResolved = DomainEvent<
  'FlagResolved',
  { flagId: string; outcome: FlagOutcome; note: string; occurredAt: IsoInstant },
  1
>;

export type LegalHoldPlaced = DomainEvent<
  'LegalHoldPlaced',
  { holdId: string; authority: string; reference: string; occurredAt: IsoInstant },
  1
>;

export type LegalHoldReleased = DomainEvent<'LegalHoldReleased', { holdId: string; occurredAt: IsoInstant }, 1>;

export type ClosureReason =
  | 'customer-request'
  | 'verification-failed'
  | 'malicious-activity'
  | 'special-measure'
  | 'reseller-terminated'
  | 'other';

export type AccountClosed = DomainEvent<
  'AccountClosed',
  { reason: ClosureReason; note?: string; occurredAt: IsoInstant },
  1
>;

export type AccountEvent =
  | AccountOpened
  | AccountOpeningDeclined
  | CustomerInfoUpdated
  | PaymentMeansAdded
  | PaymentMeansRemoved
  | BeneficialOwnerAdded
  | BeneficialOwnerRemoved
  | UsPersonStatusDetermined
  | IdentityVerified
  | IdentityVerificationFailed
  | ProvisionalAccessGranted
  | AccountFlagged
  | FlagResolved
  | LegalHoldPlaced
  | LegalHoldReleased
  | AccountClosed;

export type AccountEventType = AccountEvent['type'];
