import { type Decider } from '../shared/domain-event';
import { type DomainError, IllegalStateError, isDomainError, NotFoundError, ValidationError } from '../shared/errors';
import { compareInstants, earlierOf, laterOf } from '../shared/time';
import * as check from '../shared/validate';
import { type AccessCommand, type AccessContext, type RecordAccess } from './access.commands';
import { type AccessEvent, type AccessRecorded } from './access.events';
import { type AccessState, initialAccessState } from './access.state';

/**
 * Records one access. The account must have been opened; after its closure only accesses at or before
 * the closure are accepted (late-arriving logs), later ones are refused.
 */
export function decideAccess(command: AccessCommand, _state: AccessState, context: AccessContext): AccessEvent[] {
  return [recordAccess(command, context)];
}

function recordAccess(command: RecordAccess, context: AccessContext): AccessRecorded {
  const { data } = command;
  check.id(data.accountId, 'accountId');
  const ip = check.ipAddress(data.ip, 'ip');
  const at = check.pastInstant(data.at, 'at', context.now);
  const kind = check.oneOf(data.kind, ['access', 'administrative'], 'kind');
  const action = check.optionalText(data.action, 'action', 200);
  const credentialId = check.optionalText(data.credentialId, 'credentialId', 200);
  const { account } = context;
  if (account.status === 'none' || account.status === 'declined') {
    throw new NotFoundError('account-not-found', `account ${data.accountId} was never opened`);
  }
  if (account.status === 'closed' && compareInstants(at, account.closedAt!) > 0) {
    throw new IllegalStateError(
      'account-closed',
      `account ${data.accountId} was closed at ${account.closedAt}: only accesses up to the closure are recorded`,
    );
  }
  return {
    type: 'AccessRecorded',
    schema: 1,
    data: {
      ip,
      at,
      kind,
      ...(action === undefined ? {} : { action }),
      ...(credentialId === undefined ? {} : { credentialId }),
    },
  };
}

export function evolveAccess(state: AccessState, event: AccessEvent): AccessState {
  switch (event.type) {
    case 'AccessRecorded':
      return {
        recorded: state.recorded + 1,
        firstAccessAt: earlierOf(state.firstAccessAt, event.data.at),
        lastAccessAt: laterOf(state.lastAccessAt, event.data.at),
      };
  }
}

export const accessDecider: Decider<AccessCommand, AccessEvent, AccessState, AccessContext> = {
  decide: decideAccess,
  evolve: evolveAccess,
  initialState: initialAccessState,
};

export type AccessBatchOutcome =
  { index: number; accepted: true; event: AccessRecorded } | { index: number; accepted: false; error: DomainError };

export interface AccessBatchDecision {
  /** the events to append to `access-{accountId}`, in the order of the accepted commands */
  events: AccessRecorded[];
  /** one outcome per command, in input order */
  outcomes: AccessBatchOutcome[];
  state: AccessState;
}

/** The bulk endpoint takes at most this many records per request. */
export const MAX_ACCESS_BATCH = 10_000;

/**
 * Decides a batch of accesses for ONE account: each record is accepted or refused on its own (a bad
 * line must not drop the good ones of a 10,000-line log upload). Callers group mixed batches by account.
 */
export function decideAccessBatch(
  commands: readonly RecordAccess[],
  state: AccessState,
  context: AccessContext,
): AccessBatchDecision {
  if (commands.length > MAX_ACCESS_BATCH) {
    throw new ValidationError('batch-too-large', `a batch holds at most ${MAX_ACCESS_BATCH} access records`);
  }
  const accountIds = new Set(commands.map((command) => command.data.accountId));
  if (accountIds.size > 1) {
    throw new ValidationError(
      'mixed-accounts',
      'a batch decided together must be for one account; group records by accountId',
    );
  }
  const events: AccessRecorded[] = [];
  const outcomes: AccessBatchOutcome[] = [];
  let current = state;
  commands.forEach((command, index) => {
    try {
      const event = recordAccess(command, context);
      events.push(event);
      outcomes.push({ index, accepted: true, event });
      current = evolveAccess(current, event);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      outcomes.push({ index, accepted: false, error });
    }
  });
  return { events, outcomes, state: current };
}
