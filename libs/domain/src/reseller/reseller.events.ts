import { type CountryCode, type DomainEvent, type IsoInstant } from '../shared/domain-event';

/** `own`: the reseller runs its own CIP; `adopted`: it adopted the provider's CIP. */
export type CipMode = 'own' | 'adopted';

export type ResellerOnboarded = DomainEvent<
  'ResellerOnboarded',
  {
    name: string;
    jurisdiction: CountryCode;
    cipMode: CipMode;
    /** SHA-256 (64 lower-case hex digits) of the CIP document relied on */
    cipDigest: string;
    occurredAt: IsoInstant;
  },
  1
>;

export type ResellerCipUpdated = DomainEvent<
  'ResellerCipUpdated',
  { cipMode: CipMode; cipDigest: string; occurredAt: IsoInstant },
  1
>;

export type ResellerNoncomplianceDetected = DomainEvent<
  'ResellerNoncomplianceDetected',
  {
    findingId: string;
    description: string;
    detectedAt: IsoInstant;
    /** detectedAt + policy.resellerTerminationDays: the relationship must end by then */
    terminateBy: IsoInstant;
  },
  1
>;

export type ResellerTerminated = DomainEvent<
  'ResellerTerminated',
  {
    reason: 'noncompliance' | 'other';
    note?: string;
    occurredAt: IsoInstant;
    /** true when a termination deadline had already passed: the audit trail shows a late termination */
    afterDeadline: boolean;
  },
  1
>;

export type ResellerEvent = ResellerOnboarded | ResellerCipUpdated | ResellerNoncomplianceDetected | ResellerTerminated;
export type ResellerEventType = ResellerEvent['type'];
