import { type IsoInstant } from '../shared/domain-event';
import { type JurisdictionMatch, type MeasureKind, type PersonMatch } from './special-measure.events';

export type SpecialMeasureStatus = 'none' | 'issued' | 'rescinded';

export interface SpecialMeasureState {
  /** known once issued */
  measureId: string | null;
  status: SpecialMeasureStatus;
  target: 'person' | 'jurisdiction' | null;
  match: PersonMatch | JurisdictionMatch | null;
  kind: MeasureKind | null;
  conditions: string[];
  determinedAt: IsoInstant | null;
  effectiveFrom: IsoInstant | null;
  expiresAt: IsoInstant | null;
  reference: string | null;
  rescindedAt: IsoInstant | null;
}

export function initialSpecialMeasureState(): SpecialMeasureState {
  return {
    measureId: null,
    status: 'none',
    target: null,
    match: null,
    kind: null,
    conditions: [],
    determinedAt: null,
    effectiveFrom: null,
    expiresAt: null,
    reference: null,
    rescindedAt: null,
  };
}
