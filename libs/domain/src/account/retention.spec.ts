import { type AccessRecorded } from '../access/access.events';
import { defaultPolicy } from '../shared/policy';
import { accountOpened, daysFromNow, NOW } from '../testing/fixtures';
import { evolveAccount } from './account.decider';
import { type AccountEvent } from './account.events';
import { type AccountState, initialAccountState } from './account.state';
import { activeLegalHolds, mayShred, retentionEndsAt } from './retention';

function fold(...events: (AccountEvent | AccessRecorded)[]): AccountState {
  return events.reduce(evolveAccount, initialAccountState());
}
const closedAt = '2026-03-01T10:00:00.000Z';
const closed: AccountEvent = { type: 'AccountClosed', schema: 1, data: { reason: 'other', occurredAt: closedAt } };
const opened = accountOpened({ occurredAt: '2025-01-01T00:00:00.000Z' });
const access = (at: string): AccessRecorded => ({
  type: 'AccessRecorded',
  schema: 1,
  data: { ip: '192.0.2.1', at, kind: 'access' },
});

describe('retentionEndsAt', () => {
  it('is null while the account is open, or nothing is recorded', () => {
    expect(retentionEndsAt(fold(), defaultPolicy)).toBeNull();
    expect(retentionEndsAt(fold(opened, access('2026-01-01T00:00:00Z')), defaultPolicy)).toBeNull();
  });

  it('is two years after closure when the last access came before it', () => {
    expect(retentionEndsAt(fold(opened, access('2026-02-01T00:00:00.000Z'), closed), defaultPolicy)).toBe(
      '2028-03-01T10:00:00.000Z',
    );
  });

  it('counts accesses folded in from the access stream, whatever their order', () => {
    const state = fold(
      opened,
      access('2026-02-27T00:00:00.000Z'),
      closed,
      access('2026-03-01T10:00:00.000Z'),
      access('2026-01-01T00:00:00.000Z'),
    );
    expect(state.lastAccessAt).toBe('2026-03-01T10:00:00.000Z');
    expect(retentionEndsAt(state, defaultPolicy)).toBe('2028-03-01T10:00:00.000Z');
  });

  it('is two years after the last access when that lies after closure', () => {
    const facts = { status: 'closed' as const, closedAt, declinedAt: null, lastAccessAt: '2026-05-05T05:05:05.000Z' };
    expect(retentionEndsAt(facts, defaultPolicy)).toBe('2028-05-05T05:05:05.000Z');
  });

  it('follows the configured retention period', () => {
    expect(retentionEndsAt(fold(opened, closed), { ...defaultPolicy, retentionYears: 5 })).toBe(
      '2031-03-01T10:00:00.000Z',
    );
  });

  it('keeps a stream of declined attempts two years from the latest attempt', () => {
    const declined: AccountEvent = {
      type: 'AccountOpeningDeclined',
      schema: 1,
      data: { ...accountOpened().data, reason: 'unverified', occurredAt: '2026-06-30T00:00:00.000Z' },
    };
    expect(retentionEndsAt(fold(declined), defaultPolicy)).toBe('2028-06-30T00:00:00.000Z');
  });
});

describe('mayShred', () => {
  const hold: AccountEvent = {
    type: 'LegalHoldPlaced',
    schema: 1,
    data: { holdId: 'h1', authority: 'court', reference: 'r', occurredAt: daysFromNow(-1) },
  };
  const release: AccountEvent = {
    type: 'LegalHoldReleased',
    schema: 1,
    data: { holdId: 'h1', occurredAt: daysFromNow(-1) },
  };
  const longAgo: AccountEvent = {
    type: 'AccountClosed',
    schema: 1,
    data: { reason: 'other', occurredAt: '2024-01-01T00:00:00.000Z' },
  };
  const openedLongAgo = accountOpened({ occurredAt: '2023-01-01T00:00:00.000Z' });

  it('allows destroying the key once retention is over and no hold is active', () => {
    expect(mayShred(fold(openedLongAgo, longAgo), defaultPolicy, NOW)).toBe(true);
  });
  it('refuses while a legal hold is active, allows after its release', () => {
    expect(mayShred(fold(openedLongAgo, longAgo, hold), defaultPolicy, NOW)).toBe(false);
    expect(activeLegalHolds(fold(openedLongAgo, longAgo, hold))).toEqual(['h1']);
    expect(mayShred(fold(openedLongAgo, longAgo, hold, release), defaultPolicy, NOW)).toBe(true);
  });
  it('refuses during retention and while open', () => {
    expect(mayShred(fold(opened, closed), defaultPolicy, NOW)).toBe(false);
    expect(mayShred(fold(openedLongAgo), defaultPolicy, NOW)).toBe(false);
  });
});
