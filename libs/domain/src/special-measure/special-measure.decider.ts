import { type Decider, type DecisionContext, type IsoInstant } from '../shared/domain-event';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { addDays, compareInstants } from '../shared/time';
import * as check from '../shared/validate';
import { type SpecialMeasureCommand } from './special-measure.commands';
import {
  type JurisdictionMatch,
  type PersonMatch,
  type SpecialMeasureEvent,
  type SpecialMeasureIssued,
} from './special-measure.events';
import { initialSpecialMeasureState, type SpecialMeasureState } from './special-measure.state';

export function decideSpecialMeasure(
  command: SpecialMeasureCommand,
  state: SpecialMeasureState,
  context: DecisionContext,
): SpecialMeasureEvent[] {
  const { now, policy } = context;
  check.id(command.data.measureId, 'measureId');
  const at = check.occurredAt(command.data.occurredAt, now);
  switch (command.type) {
    case 'IssueSpecialMeasure': {
      const { data } = command;
      const kind = check.oneOf(data.kind, ['prohibition', 'condition'], 'kind');
      const target = check.oneOf(data.target, ['person', 'jurisdiction'], 'target');
      const match = target === 'person' ? personMatch(data.match, now) : jurisdictionMatch(data.match);
      const conditions = data.conditions === undefined ? [] : check.textList(data.conditions, 'conditions');
      if (kind === 'condition' && conditions.length === 0) {
        throw new ValidationError('conditions-required', 'conditions: a condition measure must state its conditions', {
          field: 'conditions',
        });
      }
      const reference = check.text(data.reference, 'reference');
      const determinedAt =
        data.determinedAt === undefined ? at : check.pastInstant(data.determinedAt, 'determinedAt', now);
      const effectiveFrom = check.instant(data.effectiveFrom, 'effectiveFrom');
      const earliestEffective = addDays(determinedAt, policy.specialMeasureMinNoticeDays);
      if (compareInstants(effectiveFrom, earliestEffective) < 0) {
        throw new ValidationError(
          'insufficient-notice',
          `effectiveFrom: a special measure takes effect no earlier than ${policy.specialMeasureMinNoticeDays} days after its determination (${earliestEffective})`,
          { field: 'effectiveFrom', earliestEffective },
        );
      }
      const longestExpiry = addDays(effectiveFrom, policy.specialMeasureDurationDays);
      const expiresAt = data.expiresAt === undefined ? longestExpiry : check.instant(data.expiresAt, 'expiresAt');
      if (compareInstants(expiresAt, effectiveFrom) <= 0) {
        throw new ValidationError('expires-before-effective', 'expiresAt: must lie after effectiveFrom', {
          field: 'expiresAt',
        });
      }
      if (compareInstants(expiresAt, longestExpiry) > 0) {
        throw new ValidationError(
          'measure-too-long',
          `expiresAt: a special measure lasts at most ${policy.specialMeasureDurationDays} days unless extended (${longestExpiry})`,
          { field: 'expiresAt', longestExpiry },
        );
      }
      if (state.status !== 'none') {
        throw new IllegalStateError('special-measure-exists', `special measure ${data.measureId} was already issued`);
      }
      const issued = {
        type: 'SpecialMeasureIssued',
        schema: 1,
        data: {
          ...(target === 'person'
            ? { target, match: match as PersonMatch }
            : { target, match: match as JurisdictionMatch }),
          measureId: data.measureId,
          kind,
          conditions,
          determinedAt,
          effectiveFrom,
          expiresAt,
          reference,
          occurredAt: at,
        },
      } satisfies SpecialMeasureIssued;
      return [issued];
    }
    case 'ExtendSpecialMeasure': {
      const { data } = command;
      const newExpiry = check.instant(data.expiresAt, 'expiresAt');
      const reference = check.text(data.reference, 'reference');
      const current = requireIssued(state, data.measureId);
      if (compareInstants(at, current.expiresAt) >= 0) {
        throw new IllegalStateError(
          'special-measure-expired',
          `special measure ${data.measureId} expired at ${current.expiresAt}; an expired measure needs a new issuance`,
        );
      }
      if (compareInstants(newExpiry, current.expiresAt) <= 0) {
        throw new ValidationError('extension-not-later', 'expiresAt: an extension must end after the current expiry', {
          field: 'expiresAt',
        });
      }
      const longest = addDays(current.expiresAt, policy.specialMeasureDurationDays);
      if (compareInstants(newExpiry, longest) > 0) {
        throw new ValidationError(
          'measure-too-long',
          `expiresAt: one extension adds at most ${policy.specialMeasureDurationDays} days (${longest})`,
          { field: 'expiresAt', longestExpiry: longest },
        );
      }
      return [
        {
          type: 'SpecialMeasureExtended',
          schema: 1,
          data: { previousExpiresAt: current.expiresAt, expiresAt: newExpiry, reference, occurredAt: at },
        },
      ];
    }
    case 'RescindSpecialMeasure': {
      const { data } = command;
      const reference = check.text(data.reference, 'reference');
      const reason = check.optionalText(data.reason, 'reason');
      requireIssued(state, data.measureId);
      return [
        {
          type: 'SpecialMeasureRescinded',
          schema: 1,
          data: { reference, ...(reason === undefined ? {} : { reason }), occurredAt: at },
        },
      ];
    }
  }
}

function requireIssued(state: SpecialMeasureState, measureId: string): { expiresAt: IsoInstant } {
  if (state.status === 'none' || state.expiresAt === null) {
    throw new NotFoundError('special-measure-not-found', `special measure ${measureId} was never issued`);
  }
  if (state.status === 'rescinded') {
    throw new IllegalStateError('special-measure-rescinded', `special measure ${measureId} is rescinded`);
  }
  return { expiresAt: state.expiresAt };
}

function personMatch(value: unknown, now: Date): PersonMatch {
  const raw = check.plainObject(value, 'match');
  const match: PersonMatch = {};
  if (raw.nationalId !== undefined) match.nationalId = check.text(raw.nationalId, 'match.nationalId', 100);
  if (raw.name !== undefined) match.name = check.text(raw.name, 'match.name', 300);
  if (raw.dateOfBirth !== undefined) match.dateOfBirth = check.birthDate(raw.dateOfBirth, 'match.dateOfBirth', now);
  const byName = match.name !== undefined && match.dateOfBirth !== undefined;
  if (match.nationalId === undefined && !byName) {
    throw new ValidationError(
      'match-criteria-required',
      'match: a person measure names a nationalId, or a name together with a dateOfBirth',
      { field: 'match' },
    );
  }
  return match;
}

function jurisdictionMatch(value: unknown): JurisdictionMatch {
  const raw = check.plainObject(value, 'match');
  const countries = check
    .list<unknown>(raw.countries, 'match.countries', { min: 1, max: 300 })
    .map((country, index) => check.countryCode(country, `match.countries[${index}]`));
  return { countries };
}

export function evolveSpecialMeasure(state: SpecialMeasureState, event: SpecialMeasureEvent): SpecialMeasureState {
  switch (event.type) {
    case 'SpecialMeasureIssued':
      return {
        ...state,
        measureId: event.data.measureId,
        status: 'issued',
        target: event.data.target,
        match: event.data.match,
        kind: event.data.kind,
        conditions: event.data.conditions,
        determinedAt: event.data.determinedAt,
        effectiveFrom: event.data.effectiveFrom,
        expiresAt: event.data.expiresAt,
        reference: event.data.reference,
      };
    case 'SpecialMeasureExtended':
      return { ...state, expiresAt: event.data.expiresAt };
    case 'SpecialMeasureRescinded':
      return { ...state, status: 'rescinded', rescindedAt: event.data.occurredAt };
  }
}

export const specialMeasureDecider: Decider<SpecialMeasureCommand, SpecialMeasureEvent, SpecialMeasureState> = {
  decide: decideSpecialMeasure,
  evolve: evolveSpecialMeasure,
  initialState: initialSpecialMeasureState,
};
