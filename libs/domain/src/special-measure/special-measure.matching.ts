import { type IsoInstant } from '../shared/domain-event';
import { compareInstants } from '../shared/time';
import { normaliseNationalId, normalisePersonName } from '../pii/normalise';
import { type JurisdictionMatch, type PersonMatch } from './special-measure.events';
import { type SpecialMeasureState } from './special-measure.state';

/** The facts of one party (customer or beneficial owner) that special measures are matched on. */
export interface MatchableParty {
  name: string;
  nationalId?: string;
  dateOfBirth?: string;
  country?: string;
  addressCountry?: string;
}

/** In force at `at`: issued, not rescinded, and `at` within [effectiveFrom, expiresAt). */
export function isMeasureEffective(measure: SpecialMeasureState, at: IsoInstant): boolean {
  if (measure.status !== 'issued' || measure.effectiveFrom === null || measure.expiresAt === null) return false;
  return compareInstants(measure.effectiveFrom, at) <= 0 && compareInstants(at, measure.expiresAt) < 0;
}

/**
 * Person measures match on the normalised national id, or on normalised name together with date of birth
 * (a name alone is too common to refuse an account on). Jurisdiction measures match the party's country
 * or its address's country.
 */
export function measureMatchesParty(measure: SpecialMeasureState, party: MatchableParty): boolean {
  if (measure.match === null) return false;
  if (measure.target === 'person') {
    const match = measure.match as PersonMatch;
    if (match.nationalId !== undefined && party.nationalId !== undefined) {
      if (normaliseNationalId(match.nationalId) === normaliseNationalId(party.nationalId)) return true;
    }
    if (match.name !== undefined && match.dateOfBirth !== undefined && party.dateOfBirth !== undefined) {
      return (
        match.dateOfBirth === party.dateOfBirth && normalisePersonName(match.name) === normalisePersonName(party.name)
      );
    }
    return false;
  }
  if (measure.target === 'jurisdiction') {
    const { countries } = measure.match as JurisdictionMatch;
    return [party.country, party.addressCountry].some(
      (country) => country !== undefined && countries.includes(country),
    );
  }
  return false;
}

export interface MeasureMatch {
  measure: SpecialMeasureState & { measureId: string };
  /** index into the parties given: 0 is the customer when callers follow that order */
  partyIndex: number;
}

/** Every effective measure matching any of the parties at `at`, in the order the measures were given. */
export function effectiveMatches(
  measures: readonly SpecialMeasureState[],
  parties: readonly MatchableParty[],
  at: IsoInstant,
): MeasureMatch[] {
  const matches: MeasureMatch[] = [];
  for (const measure of measures) {
    if (measure.measureId === null || !isMeasureEffective(measure, at)) continue;
    const partyIndex = parties.findIndex((party) => measureMatchesParty(measure, party));
    if (partyIndex >= 0) matches.push({ measure: measure as MeasureMatch['measure'], partyIndex });
  }
  return matches;
}
