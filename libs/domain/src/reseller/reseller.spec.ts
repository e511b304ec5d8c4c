import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { defaultPolicy } from '../shared/policy';
import { given } from '../testing/given-when-then';
import { contextAt, daysFromNow, NOW, resellerOnboarded } from '../testing/fixtures';
import { type ResellerCommand } from './reseller.commands';
import { isResellerTerminationOverdue, resellerDecider, resellerStanding } from './reseller.decider';
import { type ResellerNoncomplianceDetected, type ResellerTerminated } from './reseller.events';

const ctx = contextAt();
const at = daysFromNow(-1);
const digest = 'b'.repeat(64);
function command<T extends ResellerCommand['type']>(
  type: T,
  data: Omit<Extract<ResellerCommand, { type: T }>['data'], 'resellerId'>,
) {
  return { type, data: { resellerId: 'rs-1', occurredAt: at, ...data } } as unknown as Extract<
    ResellerCommand,
    { type: T }
  >;
}
const onboard = command('OnboardReseller', {
  name: 'Cloudhaus GmbH',
  jurisdiction: 'DE',
  cipMode: 'adopted',
  cipDigest: digest,
});
const finding: ResellerNoncomplianceDetected = {
  type: 'ResellerNoncomplianceDetected',
  schema: 1,
  data: {
    findingId: 'f-1',
    description: 'no records kept',
    detectedAt: daysFromNow(-40),
    terminateBy: daysFromNow(-10),
  },
};
const terminated: ResellerTerminated = {
  type: 'ResellerTerminated',
  schema: 1,
  data: { reason: 'noncompliance', occurredAt: daysFromNow(-12), afterDeadline: false },
};

describe('OnboardReseller', () => {
  it('onboards a reseller with its CIP', () => {
    given(resellerDecider, [])
      .when(onboard, ctx)
      .then([
        {
          type: 'ResellerOnboarded',
          schema: 1,
          data: { name: 'Cloudhaus GmbH', jurisdiction: 'DE', cipMode: 'adopted', cipDigest: digest, occurredAt: at },
        },
      ]);
  });
  it('refuses to onboard twice', () => {
    given(resellerDecider, [resellerOnboarded]).when(onboard, ctx).thenThrows(IllegalStateError, 'reseller-exists');
  });
  it.each([
    ['a digest that is not SHA-256 hex', { cipDigest: 'B'.repeat(64) }, 'invalid-digest'],
    ['a jurisdiction that is not a country code', { jurisdiction: 'Germany' }, 'invalid-country'],
    ['an unknown CIP mode', { cipMode: 'none' as never }, 'invalid-value'],
    ['an empty name', { name: '' }, 'required'],
    ['a malformed reseller id', { resellerId: '-rs' }, 'invalid-id'],
  ])('refuses %s', (_name, overrides, code) => {
    given(resellerDecider, [])
      .when({ ...onboard, data: { ...onboard.data, ...overrides } }, ctx)
      .thenThrows(ValidationError, code);
  });
});

describe('UpdateResellerCip', () => {
  const update = command('UpdateResellerCip', { cipMode: 'own', cipDigest: digest });
  it('records a new CIP', () => {
    given(resellerDecider, [resellerOnboarded])
      .when(update, ctx)
      .thenEvents((events, state) => {
        expect(events).toEqual([
          { type: 'ResellerCipUpdated', schema: 1, data: { cipMode: 'own', cipDigest: digest, occurredAt: at } },
        ]);
        expect(state).toMatchObject({ cipMode: 'own', cipDigest: digest });
      });
  });
  it('refuses an unknown reseller', () => {
    given(resellerDecider, []).when(update, ctx).thenThrows(NotFoundError, 'reseller-not-found', 'not-found');
  });
  it('refuses a terminated reseller', () => {
    given(resellerDecider, [resellerOnboarded, terminated])
      .when(update, ctx)
      .thenThrows(IllegalStateError, 'reseller-terminated');
  });
});

describe('RecordResellerNoncompliance', () => {
  const detect = command('RecordResellerNoncompliance', { findingId: 'f-2', description: 'CIP not applied' });
  it('sets the termination deadline 30 days after detection', () => {
    given(resellerDecider, [resellerOnboarded])
      .when(detect, ctx)
      .then([
        {
          type: 'ResellerNoncomplianceDetected',
          schema: 1,
          data: { findingId: 'f-2', description: 'CIP not applied', detectedAt: at, terminateBy: daysFromNow(29) },
        },
      ]);
  });
  it('takes the deadline from the policy', () => {
    given(resellerDecider, [resellerOnboarded])
      .when(detect, contextAt(NOW, { ...defaultPolicy, resellerTerminationDays: 10 }))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ terminateBy: daysFromNow(9) }));
  });
  it('keeps the earliest deadline when findings accumulate', () => {
    given(resellerDecider, [resellerOnboarded, finding])
      .when(detect, ctx)
      .thenEvents((_events, state) => {
        expect(state.terminateBy).toBe(daysFromNow(-10));
        expect(state.findings).toEqual(['f-1', 'f-2']);
      });
  });
  it('refuses a finding recorded twice', () => {
    given(resellerDecider, [resellerOnboarded, finding])
      .when({ ...detect, data: { ...detect.data, findingId: 'f-1' } }, ctx)
      .thenThrows(IllegalStateError, 'finding-exists');
  });
  it('refuses findings for unknown or terminated resellers', () => {
    given(resellerDecider, []).when(detect, ctx).thenThrows(NotFoundError, 'reseller-not-found');
    given(resellerDecider, [resellerOnboarded, terminated])
      .when(detect, ctx)
      .thenThrows(IllegalStateError, 'reseller-terminated');
  });
});

describe('TerminateReseller', () => {
  const terminate = command('TerminateReseller', { reason: 'noncompliance' });
  it('terminates within the deadline', () => {
    given(resellerDecider, [resellerOnboarded, finding])
      .when({ ...terminate, data: { ...terminate.data, occurredAt: daysFromNow(-12) } }, ctx)
      .then([terminated]);
  });
  it('records a termination after the deadline as late', () => {
    given(resellerDecider, [resellerOnboarded, finding])
      .when(terminate, ctx)
      .then([
        {
          type: 'ResellerTerminated',
          schema: 1,
          data: { reason: 'noncompliance', occurredAt: at, afterDeadline: true },
        },
      ]);
  });
  it('terminates without a finding', () => {
    given(resellerDecider, [resellerOnboarded])
      .when(command('TerminateReseller', { reason: 'other', note: 'contract ended' }), ctx)
      .then([
        {
          type: 'ResellerTerminated',
          schema: 1,
          data: { reason: 'other', note: 'contract ended', occurredAt: at, afterDeadline: false },
        },
      ]);
  });
  it('refuses to terminate twice, or an unknown reseller', () => {
    given(resellerDecider, [resellerOnboarded, terminated])
      .when(terminate, ctx)
      .thenThrows(IllegalStateError, 'reseller-terminated');
    given(resellerDecider, []).when(terminate, ctx).thenThrows(NotFoundError, 'reseller-not-found');
  });
});

describe('resellerStanding', () => {
  const state = (...events: Parameters<typeof resellerDecider.evolve>[1][]) =>
    events.reduce(resellerDecider.evolve, resellerDecider.initialState());
  it('tells whether accounts may open through the reseller at a time', () => {
    expect(resellerStanding(state(), at)).toBe('unknown');
    expect(resellerStanding(state(resellerOnboarded), at)).toBe('accepting');
    expect(resellerStanding(state(resellerOnboarded, finding), daysFromNow(-10))).toBe('termination-pending');
    expect(resellerStanding(state(resellerOnboarded, finding), daysFromNow(-9))).toBe('deadline-passed');
    expect(resellerStanding(state(resellerOnboarded, finding, terminated), daysFromNow(-20))).toBe('terminated');
  });
  it('reports an overdue termination', () => {
    expect(isResellerTerminationOverdue(state(resellerOnboarded, finding), NOW)).toBe(true);
    expect(isResellerTerminationOverdue(state(resellerOnboarded, finding, terminated), NOW)).toBe(false);
    expect(isResellerTerminationOverdue(state(resellerOnboarded), NOW)).toBe(false);
  });
});
