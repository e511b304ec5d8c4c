import { type Command, type IsoInstant } from '../shared/domain-event';
import { type JurisdictionMatch, type MeasureKind, type PersonMatch } from './special-measure.events';

interface SpecialMeasureCommandData {
  measureId: string;
  occurredAt?: IsoInstant;
}

export type IssueSpecialMeasure = Command<
  'IssueSpecialMeasure',
  SpecialMeasureCommandData &
    ({ target: 'person'; match: PersonMatch } | { target: 'jurisdiction'; match: JurisdictionMatch }) & {
      kind: MeasureKind;
      conditions?: string[];
      /** defaults to occurredAt */
      determinedAt?: IsoInstant;
      effectiveFrom: IsoInstant;
      /** defaults to effectiveFrom + policy.specialMeasureDurationDays; may be earlier, never later */
      expiresAt?: IsoInstant;
      reference: string;
    }
>;

/** Extends an unexpired measure by at most one more policy duration from its current expiry. */
export type ExtendSpecialMeasure = Command<
  'ExtendSpecialMeasure',
  SpecialMeasureCommandData & { expiresAt: IsoInstant; reference: string }
>;

export type RescindSpecialMeasure = Command<
  'RescindSpecialMeasure',
  SpecialMeasureCommandData & { reference: string; reason?: string }
>;

export type SpecialMeasureCommand = IssueSpecialMeasure | ExtendSpecialMeasure | RescindSpecialMeasure;
export type SpecialMeasureCommandType = SpecialMeasureCommand['type'];
