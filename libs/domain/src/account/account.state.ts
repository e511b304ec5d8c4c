import { Map as ImmutableMap } from 'immutable';
import { type IsoInstant } from '../shared/domain-event';
import {
  type BeneficialOwner,
  type Channel,
  type ClosureReason,
  type Contact,
  type Customer,
  type FlagCategory,
  type FlagOutcome,
  type OpeningDeclineReason,
  type PaymentMeans,
  type Severity,
  type UsPersonStatus,
  type VerificationMethod,
} from './account.events';

/**
 * `none`: nothing recorded; `declined`: only declined attempts (a new OpenAccount may still succeed);
 * `open`; `closed`: accepts nothing but legal holds (and, on the access stream, accesses up to closedAt).
 */
export type AccountStatus = 'none' | 'declined' | 'open' | 'closed';

export type VerificationStatus = 'unverified' | 'verified' | 'failed';

export interface SubjectVerification {
  status: VerificationStatus;
  usPersonStatus: UsPersonStatus;
  /** method and time of the latest verification attempt, if any */
  method: VerificationMethod | null;
  verifiedAt: IsoInstant | null;
  failedAt: IsoInstant | null;
}

export interface FlagState {
  flagId: string;
  category: FlagCategory;
  severity: Severity;
  raisedAt: IsoInstant;
  measureId?: string;
  resellerId?: string;
  /** null while open */
  resolution: { outcome: FlagOutcome; resolvedAt: IsoInstant } | null;
}

export interface LegalHoldState {
  holdId: string;
  authority: string;
  reference: string;
  placedAt: IsoInstant;
  /** null while active */
  releasedAt: IsoInstant | null;
}

export interface AccountState {
  status: AccountStatus;
  openedAt: IsoInstant | null;
  closedAt: IsoInstant | null;
  closureReason: ClosureReason | null;
  /** the latest declined attempt, if any */
  declinedAt: IsoInstant | null;
  declineReason: OpeningDeclineReason | null;
  channel: Channel | null;
  /** clear values as decided; a projection reading sealed records may hold sealed values here */
  customer: Customer | null;
  contact: Contact | null;
  paymentMeans: Record<string, PaymentMeans>;
  /** current beneficial owners by ownerId (removed ones are gone) */
  owners: Record<string, BeneficialOwner>;
  /** verification per current subject: `customer` and each ownerId */
  verification: Record<string, SubjectVerification>;
  provisionalAccess: { restrictions: string[]; reviewBy: IsoInstant; grantedAt: IsoInstant } | null;
  /**
   * Flags by flagId, as a persistent map: an account may gather thousands of flags over its life, and
   * evolving by copying a plain object would cost a copy of all of them per flag (measured as the largest
   * single cost of a busy account's commands); a persistent map shares all but the changed entry.
   */
  flags: ImmutableMap<string, FlagState>;
  holds: Record<string, LegalHoldState>;
  /**
   * Latest access known: AccountOpened's time, raised by AccessRecorded events when the caller folds the
   * account's access stream into this state too (evolveAccount accepts them).
   */
  lastAccessAt: IsoInstant | null;
  /** number of events folded in (account stream only) */
  version: number;
}

export function initialAccountState(): AccountState {
  return {
    status: 'none',
    openedAt: null,
    closedAt: null,
    closureReason: null,
    declinedAt: null,
    declineReason: null,
    channel: null,
    customer: null,
    contact: null,
    paymentMeans: {},
    owners: {},
    verification: {},
    provisionalAccess: null,
    flags: ImmutableMap<string, FlagState>(),
    holds: {},
    lastAccessAt: null,
    version: 0,
  };
}
