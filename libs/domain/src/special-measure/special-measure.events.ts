import { type CountryCode, type DomainEvent, type IsoDate, type IsoInstant } from '../shared/domain-event';

export type MeasureTarget = 'person' | 'jurisdiction';
export type MeasureKind = 'prohibition' | 'condition';

/**
 * Who a person measure applies to. A party matches when its normalised national id equals `nationalId`,
 * or when its normalised name and date of birth both equal `name` and `dateOfBirth`.
 * At least one of those two ways must be given.
 */
export interface PersonMatch {
  /** PII */
  nationalId?: string;
  /** PII */
  name?: string;
  /** PII */
  dateOfBirth?: IsoDate;
}

/** A jurisdiction measure applies to parties whose country (or address country) is one of these. */
export interface JurisdictionMatch {
  countries: CountryCode[];
}

export type SpecialMeasureIssued = DomainEvent<
  'SpecialMeasureIssued',
  ({ target: 'person'; match: PersonMatch } | { target: 'jurisdiction'; match: JurisdictionMatch }) & {
    /** repeated from the stream name so a measure's state names itself when passed to other deciders */
    measureId: string;
    kind: MeasureKind;
    /** for kind `condition`: the conditions an account must meet, shown on the flag it raises */
    conditions: string[];
    /** when Commerce determined the measure */
    determinedAt: IsoInstant;
    /** >= determinedAt + policy.specialMeasureMinNoticeDays */
    effectiveFrom: IsoInstant;
    /** effectiveFrom + policy.specialMeasureDurationDays unless a shorter period was given */
    expiresAt: IsoInstant;
    /** Federal Register citation or other reference */
    reference: string;
    occurredAt: IsoInstant;
  },
  1
>;

export type SpecialMeasureExtended = DomainEvent<
  'SpecialMeasureExtended',
  { previousExpiresAt: IsoInstant; expiresAt: IsoInstant; reference: string; occurredAt: IsoInstant },
  1
>;

export type SpecialMeasureRescinded = DomainEvent<
  'SpecialMeasureRescinded',
  { reference: string; reason?: string; occurredAt: IsoInstant },
  1
>;

export type SpecialMeasureEvent = SpecialMeasureIssued | SpecialMeasureExtended | SpecialMeasureRescinded;
export type SpecialMeasureEventType = SpecialMeasureEvent['type'];
