import { type Command, type CountryCode, type IsoInstant } from '../shared/domain-event';
import { type CipMode } from './reseller.events';

interface ResellerCommandData {
  resellerId: string;
  occurredAt?: IsoInstant;
}

export type OnboardReseller = Command<
  'OnboardReseller',
  ResellerCommandData & { name: string; jurisdiction: CountryCode; cipMode: CipMode; cipDigest: string }
>;

export type UpdateResellerCip = Command<
  'UpdateResellerCip',
  ResellerCommandData & { cipMode: CipMode; cipDigest: string }
>;

/** `occurredAt` is the detection time; terminateBy is derived from it and the policy. */
export type RecordResellerNoncompliance = Command<
  'RecordResellerNoncompliance',
  ResellerCommandData & { findingId: string; description: string }
>;

export type TerminateReseller = Command<
  'TerminateReseller',
  ResellerCommandData & { reason: 'noncompliance' | 'other'; note?: string }
>;

export type ResellerCommand = OnboardReseller | UpdateResellerCip | RecordResellerNoncompliance | TerminateReseller;
export type ResellerCommandType = ResellerCommand['type'];
