import { type IsoInstant } from '../shared/domain-event';
import { type LedgerPolicy } from '../shared/policy';
import { addYears, compareInstants, laterOf } from '../shared/time';
import { type AccountState } from './account.state';

/** The facts retention depends on; AccountState has them (fold the access stream in for lastAccessAt). */
export type RetentionFacts = Pick<AccountState, 'status' | 'closedAt' | 'declinedAt' | 'lastAccessAt'>;

/**
 * When the account's records may be destroyed (crypto-shredded): `policy.retentionYears` after the later
 * of closure and last access. Null while the account is open (or nothing is recorded). A stream holding
 * only declined attempts is kept from its latest attempt, as if that were a closure.
 */
export function retentionEndsAt(state: RetentionFacts, policy: LedgerPolicy): IsoInstant | null {
  const ended = state.status === 'closed' ? state.closedAt : state.status === 'declined' ? state.declinedAt : null;
  if (ended === null) return null;
  return addYears(laterOf(ended, state.lastAccessAt)!, policy.retentionYears);
}

/** Whether an account's data key may be destroyed at `now`: retention over and no active legal hold. */
export function mayShred(
  state: RetentionFacts & Pick<AccountState, 'holds'>,
  policy: LedgerPolicy,
  now: Date,
): boolean {
  const ends = retentionEndsAt(state, policy);
  if (ends === null || compareInstants(now.toISOString(), ends) < 0) return false;
  return Object.values(state.holds).every((hold) => hold.releasedAt !== null);
}

export function activeLegalHolds(state: Pick<AccountState, 'holds'>): string[] {
  return Object.values(state.holds)
    .filter((hold) => hold.releasedAt === null)
    .map((hold) => hold.holdId);
}
