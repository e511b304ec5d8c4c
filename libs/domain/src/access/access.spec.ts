import fc from 'fast-check';
import { evolveAccount } from '../account/account.decider';
import { type AccountEvent } from '../account/account.events';
import { initialAccountState } from '../account/account.state';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { given } from '../testing/given-when-then';
import { accountOpened, daysFromNow, NOW } from '../testing/fixtures';
import { defaultPolicy } from '../shared/policy';
import { type AccessContext, type RecordAccess } from './access.commands';
import { accessDecider, decideAccessBatch, MAX_ACCESS_BATCH } from './access.decider';
import { initialAccessState } from './access.state';

const opened = accountOpened();
const closedAt = daysFromNow(-10);
const closed: AccountEvent = { type: 'AccountClosed', schema: 1, data: { reason: 'other', occurredAt: closedAt } };
const accountAfter = (...events: AccountEvent[]) => events.reduce(evolveAccount, initialAccountState());
const context = (...events: AccountEvent[]): AccessContext => ({
  now: NOW,
  policy: defaultPolicy,
  account: accountAfter(...events),
});

function recordAccess(overrides: Partial<RecordAccess['data']> = {}): RecordAccess {
  return {
    type: 'RecordAccess',
    data: { accountId: 'acct-1', ip: '198.51.100.23', at: daysFromNow(-12), kind: 'access', ...overrides },
  };
}

describe('RecordAccess', () => {
  it('records an access with its IP and time', () => {
    given(accessDecider, [])
      .when(recordAccess(), context(opened))
      .then([
        { type: 'AccessRecorded', schema: 1, data: { ip: '198.51.100.23', at: daysFromNow(-12), kind: 'access' } },
      ]);
  });

  it('records an administrative action over IPv6 with its credential, time in normal form', () => {
    given(accessDecider, [])
      .when(
        recordAccess({
          ip: '2001:db8::42',
          at: '2026-11-20T09:00:00+01:00',
          kind: 'administrative',
          action: 'iam:CreateUser',
          credentialId: 'AKIA1',
        }),
        context(opened),
      )
      .then([
        {
          type: 'AccessRecorded',
          schema: 1,
          data: {
            ip: '2001:db8::42',
            at: '2026-11-20T08:00:00.000Z',
            kind: 'administrative',
            action: 'iam:CreateUser',
            credentialId: 'AKIA1',
          },
        },
      ]);
  });

  it('accepts, after closure, accesses at or before the closure (late logs)', () => {
    for (const at of [daysFromNow(-12), closedAt]) {
      given(accessDecider, [])
        .when(recordAccess({ at }), context(opened, closed))
        .thenEvents(([event]) => expect(event.data.at).toBe(at));
    }
  });

  it('refuses, after closure, an access later than the closure', () => {
    given(accessDecider, [])
      .when(recordAccess({ at: daysFromNow(-9) }), context(opened, closed))
      .thenThrows(IllegalStateError, 'account-closed', 'illegal-state');
  });

  it('refuses access to an account never opened, or only declined', () => {
    given(accessDecider, []).when(recordAccess(), context()).thenThrows(NotFoundError, 'account-not-found');
    const declined: AccountEvent = {
      type: 'AccountOpeningDeclined',
      schema: 1,
      data: { ...opened.data, reason: 'other' },
    };
    given(accessDecider, []).when(recordAccess(), context(declined)).thenThrows(NotFoundError, 'account-not-found');
  });

  it.each([
    ['an IP that is not one', { ip: '10.0.0.256' }, 'invalid-ip'],
    ['a host name', { ip: 'example.org' }, 'invalid-ip'],
    ['a time in the future', { at: daysFromNow(1) }, 'instant-in-future'],
    ['a time that is not ISO-8601', { at: '12/01/2026' }, 'invalid-instant'],
    ['an unknown kind', { kind: 'read' as never }, 'invalid-value'],
    ['an empty action', { action: '' }, 'required'],
    ['a malformed account id', { accountId: 'a b' }, 'invalid-id'],
  ])('refuses %s', (_name, overrides, code) => {
    given(accessDecider, []).when(recordAccess(overrides), context(opened)).thenThrows(ValidationError, code);
  });

  it('tracks the first and last access whatever the arrival order', () => {
    const events = [daysFromNow(-3), daysFromNow(-20), daysFromNow(-7)].map(
      (at) => accessDecider.decide(recordAccess({ at }), initialAccessState(), context(opened))[0],
    );
    const state = events.reduce(accessDecider.evolve, accessDecider.initialState());
    expect(state).toEqual({ recorded: 3, firstAccessAt: daysFromNow(-20), lastAccessAt: daysFromNow(-3) });
  });
});

describe('decideAccessBatch', () => {
  it('accepts the good records and reports each refused one with its index and error', () => {
    const batch = [
      recordAccess(),
      recordAccess({ ip: 'nope' }),
      recordAccess({ at: daysFromNow(-9) }),
      recordAccess({ at: daysFromNow(-11) }),
    ];
    const decision = decideAccessBatch(batch, initialAccessState(), context(opened, closed));
    expect(decision.events.map((event) => event.data.at)).toEqual([daysFromNow(-12), daysFromNow(-11)]);
    expect(decision.outcomes.map((outcome) => (outcome.accepted ? 'ok' : outcome.error.code))).toEqual([
      'ok',
      'invalid-ip',
      'account-closed',
      'ok',
    ]);
    expect(decision.outcomes.map((outcome) => outcome.index)).toEqual([0, 1, 2, 3]);
    expect(decision.state).toEqual({ recorded: 2, firstAccessAt: daysFromNow(-12), lastAccessAt: daysFromNow(-11) });
  });

  it('refuses a batch mixing accounts', () => {
    expect(() =>
      decideAccessBatch([recordAccess(), recordAccess({ accountId: 'acct-2' })], initialAccessState(), context(opened)),
    ).toThrow(expect.objectContaining({ code: 'mixed-accounts', kind: 'validation' }));
  });

  it('refuses more than 10,000 records, takes exactly 10,000', () => {
    const many = Array.from({ length: MAX_ACCESS_BATCH }, () => recordAccess());
    expect(decideAccessBatch(many, initialAccessState(), context(opened)).events).toHaveLength(MAX_ACCESS_BATCH);
    expect(() => decideAccessBatch([...many, recordAccess()], initialAccessState(), context(opened))).toThrow(
      expect.objectContaining({ code: 'batch-too-large' }),
    );
  });

  it('property: a batch accepts exactly the records accepted one by one, in order', () => {
    const record = fc.record({
      ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('bad', '1.2.3')),
      at: fc.integer({ min: -40, max: 2 }).map(daysFromNow),
      kind: fc.constantFrom('access', 'administrative', 'other'),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (records) => {
        const commands = records.map((data) => recordAccess(data as Partial<RecordAccess['data']>));
        const ctx = context(opened, closed);
        const batch = decideAccessBatch(commands, initialAccessState(), ctx);
        const singly = commands.flatMap((command) => {
          try {
            return accessDecider.decide(command, initialAccessState(), ctx);
          } catch {
            return [];
          }
        });
        expect(batch.events).toEqual(singly);
        expect(batch.state.recorded).toBe(singly.length);
      }),
      { numRuns: 100 },
    );
  });
});
