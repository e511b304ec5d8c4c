import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { defaultPolicy } from '../shared/policy';
import { given } from '../testing/given-when-then';
import { contextAt, daysFromNow, measureIssued, measureState, NOW } from '../testing/fixtures';
import { type IssueSpecialMeasure, type SpecialMeasureCommand } from './special-measure.commands';
import { specialMeasureDecider } from './special-measure.decider';
import { type SpecialMeasureRescinded } from './special-measure.events';
import { isMeasureEffective, measureMatchesParty } from './special-measure.matching';

const ctx = contextAt();
const at = daysFromNow(-1);
function issue(overrides: Partial<IssueSpecialMeasure['data']> = {}): IssueSpecialMeasure {
  return {
    type: 'IssueSpecialMeasure',
    data: {
      measureId: 'sm-1',
      target: 'jurisdiction',
      match: { countries: ['XA', 'XB'] },
      kind: 'prohibition',
      effectiveFrom: daysFromNow(179),
      reference: '91 FR 12345',
      occurredAt: at,
      ...overrides,
    } as IssueSpecialMeasure['data'],
  };
}
function command<T extends SpecialMeasureCommand['type']>(
  type: T,
  data: Omit<Extract<SpecialMeasureCommand, { type: T }>['data'], 'measureId'>,
) {
  return { type, data: { measureId: 'sm-1', occurredAt: at, ...data } } as unknown as Extract<
    SpecialMeasureCommand,
    { type: T }
  >;
}
const issued = measureIssued({ target: 'jurisdiction', match: { countries: ['XA'] } });
const rescinded: SpecialMeasureRescinded = {
  type: 'SpecialMeasureRescinded',
  schema: 1,
  data: { reference: 'r', occurredAt: at },
};

describe('IssueSpecialMeasure', () => {
  it('issues a measure effective 180 days after determination, for 365 days', () => {
    given(specialMeasureDecider, [])
      .when(issue(), ctx)
      .then([
        {
          type: 'SpecialMeasureIssued',
          schema: 1,
          data: {
            target: 'jurisdiction',
            match: { countries: ['XA', 'XB'] },
            measureId: 'sm-1',
            kind: 'prohibition',
            conditions: [],
            determinedAt: at,
            effectiveFrom: daysFromNow(179),
            expiresAt: daysFromNow(179 + 365),
            reference: '91 FR 12345',
            occurredAt: at,
          },
        },
      ]);
  });
  it('refuses an effective date less than 180 days after determination', () => {
    const error = given(specialMeasureDecider, [])
      .when(issue({ effectiveFrom: daysFromNow(178) }), ctx)
      .thenThrows(ValidationError, 'insufficient-notice');
    expect(error.details).toMatchObject({ earliestEffective: daysFromNow(179) });
  });
  it('counts the notice from an earlier determination date when given', () => {
    given(specialMeasureDecider, [])
      .when(issue({ determinedAt: daysFromNow(-100), effectiveFrom: daysFromNow(80) }), ctx)
      .thenEvents(([event]) =>
        expect(event.data).toMatchObject({ determinedAt: daysFromNow(-100), expiresAt: daysFromNow(445) }),
      );
  });
  it('takes notice and duration from the policy', () => {
    const policy = { ...defaultPolicy, specialMeasureMinNoticeDays: 30, specialMeasureDurationDays: 90 };
    given(specialMeasureDecider, [])
      .when(issue({ effectiveFrom: daysFromNow(29) }), contextAt(NOW, policy))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ expiresAt: daysFromNow(119) }));
  });
  it('accepts a shorter period, refuses a longer one (that needs an extension)', () => {
    given(specialMeasureDecider, [])
      .when(issue({ expiresAt: daysFromNow(300) }), ctx)
      .thenEvents(([event]) => expect(event.data).toMatchObject({ expiresAt: daysFromNow(300) }));
    given(specialMeasureDecider, [])
      .when(issue({ expiresAt: daysFromNow(179 + 366) }), ctx)
      .thenThrows(ValidationError, 'measure-too-long');
  });
  it('refuses an expiry not after the effective date', () => {
    given(specialMeasureDecider, [])
      .when(issue({ expiresAt: daysFromNow(179) }), ctx)
      .thenThrows(ValidationError, 'expires-before-effective');
  });
  it('issues a person measure by national id, or by name with date of birth', () => {
    for (const match of [{ nationalId: 'X1' }, { name: 'A B', dateOfBirth: '1970-01-01' }]) {
      given(specialMeasureDecider, [])
        .when(issue({ target: 'person', match } as never), ctx)
        .thenEvents(([event]) => expect(event.data).toMatchObject({ target: 'person', match }));
    }
  });
  it.each([
    ['a person measure by name alone', { target: 'person', match: { name: 'A B' } }, 'match-criteria-required'],
    ['a jurisdiction measure without countries', { match: { countries: [] } }, 'invalid-list'],
    ['a jurisdiction given by name', { match: { countries: ['Atlantis'] } }, 'invalid-country'],
    ['a condition without conditions', { kind: 'condition' }, 'conditions-required'],
    ['an unknown kind', { kind: 'ban' }, 'invalid-value'],
    ['an unknown target', { target: 'ship' }, 'invalid-value'],
    ['a determination in the future', { determinedAt: daysFromNow(2) }, 'instant-in-future'],
    ['no reference', { reference: '' }, 'required'],
  ])('refuses %s', (_name, overrides, code) => {
    given(specialMeasureDecider, [])
      .when(issue(overrides as never), ctx)
      .thenThrows(ValidationError, code);
  });
  it('refuses to issue a measure id twice', () => {
    given(specialMeasureDecider, [issued]).when(issue(), ctx).thenThrows(IllegalStateError, 'special-measure-exists');
  });
});

describe('ExtendSpecialMeasure', () => {
  const extend = command('ExtendSpecialMeasure', { expiresAt: daysFromNow(500), reference: '92 FR 1' });
  it('extends an unexpired measure', () => {
    given(specialMeasureDecider, [issued])
      .when(extend, ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          {
            type: 'SpecialMeasureExtended',
            schema: 1,
            data: {
              previousExpiresAt: daysFromNow(165),
              expiresAt: daysFromNow(500),
              reference: '92 FR 1',
              occurredAt: at,
            },
          },
        ]);
        expect(state.expiresAt).toBe(daysFromNow(500));
      });
  });
  it('refuses an extension longer than one more period', () => {
    given(specialMeasureDecider, [issued])
      .when({ ...extend, data: { ...extend.data, expiresAt: daysFromNow(165 + 366) } }, ctx)
      .thenThrows(ValidationError, 'measure-too-long');
  });
  it('refuses an extension that does not extend', () => {
    given(specialMeasureDecider, [issued])
      .when({ ...extend, data: { ...extend.data, expiresAt: daysFromNow(165) } }, ctx)
      .thenThrows(ValidationError, 'extension-not-later');
  });
  it('refuses to extend an expired measure', () => {
    const expired = measureIssued({ target: 'jurisdiction', match: { countries: ['XA'] }, expiresAt: daysFromNow(-2) });
    given(specialMeasureDecider, [expired]).when(extend, ctx).thenThrows(IllegalStateError, 'special-measure-expired');
  });
  it('refuses to extend a rescinded or unknown measure', () => {
    given(specialMeasureDecider, [issued, rescinded])
      .when(extend, ctx)
      .thenThrows(IllegalStateError, 'special-measure-rescinded');
    given(specialMeasureDecider, [])
      .when(extend, ctx)
      .thenThrows(NotFoundError, 'special-measure-not-found', 'not-found');
  });
});

describe('RescindSpecialMeasure', () => {
  const rescind = command('RescindSpecialMeasure', { reference: 'r', reason: 'superseded' });
  it('rescinds a measure, which then no longer applies', () => {
    given(specialMeasureDecider, [issued])
      .when(rescind, ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          {
            type: 'SpecialMeasureRescinded',
            schema: 1,
            data: { reference: 'r', reason: 'superseded', occurredAt: at },
          },
        ]);
        expect(isMeasureEffective(state, at)).toBe(false);
      });
  });
  it('refuses to rescind twice, or an unknown measure', () => {
    given(specialMeasureDecider, [issued, rescinded])
      .when(rescind, ctx)
      .thenThrows(IllegalStateError, 'special-measure-rescinded');
    given(specialMeasureDecider, []).when(rescind, ctx).thenThrows(NotFoundError, 'special-measure-not-found');
  });
});

describe('matching', () => {
  const measure = measureState(issued);
  it('is effective from effectiveFrom (inclusive) until expiresAt (exclusive)', () => {
    expect(isMeasureEffective(measure, daysFromNow(-200))).toBe(true);
    expect(isMeasureEffective(measure, daysFromNow(-200.001))).toBe(false);
    expect(isMeasureEffective(measure, daysFromNow(164.999))).toBe(true);
    expect(isMeasureEffective(measure, daysFromNow(165))).toBe(false);
    expect(isMeasureEffective(measureState(), at)).toBe(false);
  });
  it('matches a jurisdiction on citizenship or address country', () => {
    expect(measureMatchesParty(measure, { name: 'x', country: 'XA' })).toBe(true);
    expect(measureMatchesParty(measure, { name: 'x', country: 'US', addressCountry: 'XA' })).toBe(true);
    expect(measureMatchesParty(measure, { name: 'x', country: 'US' })).toBe(false);
  });
  it('matches a person on normalised national id, or name with date of birth', () => {
    const person = measureState(
      measureIssued({
        target: 'person',
        match: { nationalId: 'ab-12 3', name: 'José  Ñúñez', dateOfBirth: '1970-01-01' },
      }),
    );
    expect(measureMatchesParty(person, { name: 'other', nationalId: 'AB123' })).toBe(true);
    expect(measureMatchesParty(person, { name: 'jose nunez', dateOfBirth: '1970-01-01' })).toBe(true);
    expect(measureMatchesParty(person, { name: 'jose nunez', dateOfBirth: '1970-01-02' })).toBe(false);
    expect(measureMatchesParty(person, { name: 'jose nunez' })).toBe(false);
    expect(measureMatchesParty(person, { name: 'other', nationalId: 'AB124' })).toBe(false);
  });
});
