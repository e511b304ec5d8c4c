import { type AccessRecorded } from '../access/access.events';
import { resellerStanding } from '../reseller/reseller.decider';
import { type Decider, type IsoInstant } from '../shared/domain-event';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { compareInstants, laterOf } from '../shared/time';
import * as check from '../shared/validate';
import { effectiveMatches, type MatchableParty, type MeasureMatch } from '../special-measure/special-measure.matching';
import { type AccountCommand, type AccountContext, type OpenAccount } from './account.commands';
import {
  type AccountEvent,
  type AccountFlagged,
  type AccountOpeningDeclined,
  type BeneficialOwner,
  type BeneficialOwnerAdded,
  type Customer,
  CUSTOMER_SUBJECT,
  type FlagCategory,
} from './account.events';
import { type AccountState, initialAccountState, type SubjectVerification } from './account.state';
import * as valid from './account.validation';

/** Flags the domain raises itself carry these id prefixes; providers may not use them. */
export const SPECIAL_MEASURE_FLAG_PREFIX = 'special-measure:';
export const RESELLER_FLAG_PREFIX = 'reseller:';
/** Domain-raised flag ids join a prefix and up to two ids, so they may be longer than ID_PATTERN allows. */
const FLAG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,299}$/;

const FLAG_CATEGORIES: readonly FlagCategory[] = [
  'malicious-activity',
  'special-measure',
  'verification',
  'reseller',
  'other',
];

/**
 * Decides an account command. Throws a DomainError on refusal; an opening refused for an audit-relevant
 * reason (special-measure prohibition, terminated reseller) is answered with AccountOpeningDeclined.
 *
 * @example decideAccount({ type: 'CloseAccount', data: { accountId: 'a1', reason: 'customer-request' } }, state, { now, policy })
 */
export function decideAccount(command: AccountCommand, state: AccountState, context: AccountContext): AccountEvent[] {
  const { now } = context;
  const { accountId } = command.data;
  check.id(accountId, 'accountId');
  const at = check.occurredAt(command.data.occurredAt, now);
  switch (command.type) {
    case 'OpenAccount':
      return openAccount(command, state, context, at);

    case 'DeclineAccountOpening': {
      const { data } = command;
      const reason = check.oneOf(data.reason, ['unverified', 'other'], 'reason');
      const detail = check.optionalText(data.detail, 'detail');
      const declined = declinedAttempt(
        {
          customer: valid.customer(data.customer, now),
          contact: valid.contact(data.contact),
          paymentMeans: data.paymentMeans === undefined ? [] : valid.paymentMeansList(data.paymentMeans),
          channel: valid.channel(data.channel),
          ip: data.ip === undefined ? undefined : check.ipAddress(data.ip, 'ip'),
          occurredAt: at,
        },
        { reason, ...(detail === undefined ? {} : { detail }) },
      );
      requireNotOpened(state, accountId);
      return [declined];
    }

    case 'UpdateCustomerInfo': {
      const { data } = command;
      requireOpen(state, accountId);
      const customer =
        data.customer === undefined ? undefined : valid.customerChanges(data.customer, state.customer!.kind, now);
      const contact = data.contact === undefined ? undefined : valid.contactChanges(data.contact);
      if (Object.keys(customer ?? {}).length + Object.keys(contact ?? {}).length === 0) {
        throw new ValidationError('no-changes', 'an update must change at least one member of customer or contact');
      }
      return [
        {
          type: 'CustomerInfoUpdated',
          schema: 1,
          data: {
            ...(customer === undefined ? {} : { customer }),
            ...(contact === undefined ? {} : { contact }),
            occurredAt: at,
          },
        },
      ];
    }

    case 'AddPaymentMeans': {
      const means = valid.paymentMeans(command.data.paymentMeans, 'paymentMeans');
      requireOpen(state, accountId);
      if (state.paymentMeans[means.paymentMeansId] !== undefined) {
        throw new IllegalStateError(
          'payment-means-exists',
          `payment means ${means.paymentMeansId} is already on account ${accountId}`,
        );
      }
      return [{ type: 'PaymentMeansAdded', schema: 1, data: { ...means, occurredAt: at } }];
    }

    case 'RemovePaymentMeans': {
      const paymentMeansId = check.id(command.data.paymentMeansId, 'paymentMeansId');
      const reason = check.optionalText(command.data.reason, 'reason');
      requireOpen(state, accountId);
      if (state.paymentMeans[paymentMeansId] === undefined) {
        throw new NotFoundError('unknown-payment-means', `account ${accountId} has no payment means ${paymentMeansId}`);
      }
      return [
        {
          type: 'PaymentMeansRemoved',
          schema: 1,
          data: { paymentMeansId, ...(reason === undefined ? {} : { reason }), occurredAt: at },
        },
      ];
    }

    case 'AddBeneficialOwner': {
      const owner = valid.beneficialOwner(command.data.owner, 'owner', now);
      requireOpen(state, accountId);
      if (state.owners[owner.ownerId] !== undefined) {
        throw new IllegalStateError(
          'owner-exists',
          `account ${accountId} already has beneficial owner ${owner.ownerId}`,
        );
      }
      requireOwnershipWithinWhole([...Object.values(state.owners), owner]);
      const events: AccountEvent[] = [{ type: 'BeneficialOwnerAdded', schema: 1, data: { ...owner, occurredAt: at } }];
      // A later owner who is the target of a special measure does not undo the opening; it is flagged for review.
      for (const match of effectiveMatches(context.specialMeasures ?? [], [ownerParty(owner)], at)) {
        const flagId = `${SPECIAL_MEASURE_FLAG_PREFIX}${match.measure.measureId}:${owner.ownerId}`;
        if (!state.flags.has(flagId)) events.push(specialMeasureFlag(match, flagId, at, 'beneficial owner'));
      }
      return events;
    }

    case 'RemoveBeneficialOwner': {
      const ownerId = check.id(command.data.ownerId, 'ownerId');
      requireOpen(state, accountId);
      if (state.owners[ownerId] === undefined) {
        throw new NotFoundError('unknown-owner', `account ${accountId} has no beneficial owner ${ownerId}`);
      }
      return [{ type: 'BeneficialOwnerRemoved', schema: 1, data: { ownerId, occurredAt: at } }];
    }

    case 'DetermineUsPersonStatus': {
      const { data } = command;
      const subject = check.text(data.subject, 'subject', 128);
      const status = check.oneOf(data.status, valid.US_PERSON_STATUSES, 'status');
      const basis = check.text(data.basis, 'basis');
      requireOpen(state, accountId);
      requireSubject(state, accountId, subject);
      return [{ type: 'UsPersonStatusDetermined', schema: 1, data: { subject, status, basis, occurredAt: at } }];
    }

    case 'VerifyIdentity': {
      const { data } = command;
      const subject = check.text(data.subject, 'subject', 128);
      const method = check.oneOf(data.method, ['documentary', 'non-documentary'], 'method');
      const evidence = check
        .list<unknown>(data.evidence, 'evidence', { min: 1, max: 50 })
        .map((item, index) => valid.evidence(item, `evidence[${index}]`));
      const verifiedBy = check.text(data.verifiedBy, 'verifiedBy', 200);
      const discrepanciesResolved = valid.resolvedDiscrepancies(data.discrepanciesResolved);
      const expired = evidence.findIndex(
        (item) => item.expiresAt !== undefined && compareInstants(item.expiresAt, at) <= 0,
      );
      if (expired >= 0) {
        throw new ValidationError('evidence-expired', `evidence[${expired}]: expired before the verification`, {
          field: `evidence[${expired}].expiresAt`,
        });
      }
      requireOpen(state, accountId);
      requireSubject(state, accountId, subject);
      return [
        {
          type: 'IdentityVerified',
          schema: 1,
          data: { subject, method, evidence, verifiedBy, discrepanciesResolved, occurredAt: at },
        },
      ];
    }

    case 'RecordVerificationFailure': {
      const { data } = command;
      const subject = check.text(data.subject, 'subject', 128);
      const method = check.oneOf(data.method, ['documentary', 'non-documentary'], 'method');
      const reason = check.text(data.reason, 'reason');
      const discrepancies = data.discrepancies === undefined ? [] : check.textList(data.discrepancies, 'discrepancies');
      requireOpen(state, accountId);
      requireSubject(state, accountId, subject);
      return [
        {
          type: 'IdentityVerificationFailed',
          schema: 1,
          data: { subject, method, reason, discrepancies, occurredAt: at },
        },
      ];
    }

    case 'GrantProvisionalAccess': {
      const restrictions = check.textList(command.data.restrictions, 'restrictions', { min: 1 });
      const reviewBy = check.instant(command.data.reviewBy, 'reviewBy');
      if (compareInstants(reviewBy, at) <= 0) {
        throw new ValidationError('review-not-after-grant', 'reviewBy: the review must come after the grant', {
          field: 'reviewBy',
        });
      }
      requireOpen(state, accountId);
      if (Object.values(state.verification).every((subject) => subject.status === 'verified')) {
        throw new IllegalStateError(
          'verification-complete',
          `every subject of account ${accountId} is verified: provisional access is for pending verification`,
        );
      }
      return [{ type: 'ProvisionalAccessGranted', schema: 1, data: { restrictions, reviewBy, occurredAt: at } }];
    }

    case 'FlagAccount': {
      const { data } = command;
      const flagId = check.id(data.flagId, 'flagId');
      if (flagId.startsWith(SPECIAL_MEASURE_FLAG_PREFIX) || flagId.startsWith(RESELLER_FLAG_PREFIX)) {
        throw new ValidationError(
          'reserved-flag-id',
          `flagId: ids starting ${SPECIAL_MEASURE_FLAG_PREFIX} or ${RESELLER_FLAG_PREFIX} are raised by the ledger itself`,
          {
            field: 'flagId',
          },
        );
      }
      const flagged: AccountFlagged['data'] = {
        flagId,
        category: check.oneOf(data.category, FLAG_CATEGORIES, 'category'),
        indicators: check.textList(data.indicators, 'indicators'),
        severity: check.oneOf(data.severity, ['low', 'medium', 'high'], 'severity'),
        source: check.text(data.source, 'source', 200),
        occurredAt: at,
      };
      if (data.measureId !== undefined) flagged.measureId = check.id(data.measureId, 'measureId');
      if (data.resellerId !== undefined) flagged.resellerId = check.id(data.resellerId, 'resellerId');
      requireOpen(state, accountId);
      if (state.flags.has(flagId)) {
        throw new IllegalStateError('flag-exists', `account ${accountId} already has flag ${flagId}`);
      }
      return [{ type: 'AccountFlagged', schema: 1, data: flagged }];
    }

    case 'ResolveFlag': {
      const { data } = command;
      if (typeof data.flagId !== 'string' || !FLAG_ID_PATTERN.test(data.flagId)) {
        throw new ValidationError('invalid-id', 'flagId: must be a flag id', { field: 'flagId' });
      }
      const outcome = check.oneOf(data.outcome, ['cleared', 'confirmed'], 'outcome');
      const note = check.text(data.note, 'note');
      requireOpen(state, accountId);
      const flag = state.flags.get(data.flagId);
      if (flag === undefined)
        throw new NotFoundError('unknown-flag', `account ${accountId} has no flag ${data.flagId}`);
      if (flag.resolution !== null) {
        throw new IllegalStateError(
          'flag-already-resolved',
          `flag ${data.flagId} was resolved (${flag.resolution.outcome}) at ${flag.resolution.resolvedAt}; a flag is resolved once`,
        );
      }
      return [{ type: 'FlagResolved', schema: 1, data: { flagId: data.flagId, outcome, note, occurredAt: at } }];
    }

    case 'PlaceLegalHold': {
      const holdId = check.id(command.data.holdId, 'holdId');
      const authority = check.text(command.data.authority, 'authority', 300);
      const reference = check.text(command.data.reference, 'reference', 300);
      // Holds are the one thing a closed account (or a stream of declined attempts) still accepts.
      requireRecorded(state, accountId);
      if (state.holds[holdId] !== undefined) {
        throw new IllegalStateError('hold-exists', `account ${accountId} already has legal hold ${holdId}`);
      }
      return [{ type: 'LegalHoldPlaced', schema: 1, data: { holdId, authority, reference, occurredAt: at } }];
    }

    case 'ReleaseLegalHold': {
      const holdId = check.id(command.data.holdId, 'holdId');
      requireRecorded(state, accountId);
      const hold = state.holds[holdId];
      if (hold === undefined)
        throw new NotFoundError('unknown-hold', `account ${accountId} has no legal hold ${holdId}`);
      if (hold.releasedAt !== null) {
        throw new IllegalStateError('hold-already-released', `legal hold ${holdId} was released at ${hold.releasedAt}`);
      }
      return [{ type: 'LegalHoldReleased', schema: 1, data: { holdId, occurredAt: at } }];
    }

    case 'CloseAccount': {
      const reason = check.oneOf(
        command.data.reason,
        [
          'customer-request',
          'verification-failed',
          'malicious-activity',
          'special-measure',
          'reseller-terminated',
          'other',
        ],
        'reason',
      );
      const note = check.optionalText(command.data.note, 'note');
      requireOpen(state, accountId);
      if (compareInstants(at, state.openedAt!) < 0) {
        throw new ValidationError(
          'closed-before-opened',
          `occurredAt: account ${accountId} opened at ${state.openedAt}`,
          {
            field: 'occurredAt',
          },
        );
      }
      return [
        { type: 'AccountClosed', schema: 1, data: { reason, ...(note === undefined ? {} : { note }), occurredAt: at } },
      ];
    }
  }
}

function openAccount(
  command: OpenAccount,
  state: AccountState,
  context: AccountContext,
  at: IsoInstant,
): AccountEvent[] {
  const { data } = command;
  const { now } = context;
  const attempt = {
    customer: valid.customer(data.customer, now),
    contact: valid.contact(data.contact),
    paymentMeans: valid.paymentMeansList(data.paymentMeans),
    channel: valid.channel(data.channel),
    ip: data.ip === undefined ? undefined : check.ipAddress(data.ip, 'ip'),
    occurredAt: at,
  };
  const usPersonStatus = check.oneOf(data.usPersonStatus, valid.US_PERSON_STATUSES, 'usPersonStatus');
  const owners = (
    data.beneficialOwners === undefined
      ? []
      : check.list<unknown>(data.beneficialOwners, 'beneficialOwners', { max: 100 })
  ).map((owner, index) => valid.beneficialOwner(owner, `beneficialOwners[${index}]`, now));
  check.uniqueIds(
    owners.map((owner) => owner.ownerId),
    'beneficialOwners',
  );
  requireOwnershipWithinWhole(owners);
  requireNotOpened(state, data.accountId);

  // Prohibitions come first: they are the law's refusal; a terminated reseller is the provider's own.
  const matches = effectiveMatches(
    context.specialMeasures ?? [],
    [customerParty(attempt.customer), ...owners.map(ownerParty)],
    at,
  );
  const prohibition = matches.find((match) => match.measure.kind === 'prohibition');
  if (prohibition !== undefined) {
    return [declinedAttempt(attempt, { reason: 'special-measure', measureId: prohibition.measure.measureId })];
  }

  const flags: AccountFlagged[] = [];
  if (attempt.channel.kind === 'reseller') {
    const { resellerId } = attempt.channel;
    const reseller = context.reseller;
    const standing = reseller === undefined || reseller === null ? 'unknown' : resellerStanding(reseller, at);
    switch (standing) {
      case 'unknown':
        throw new NotFoundError('reseller-not-found', `reseller ${resellerId} was never onboarded`);
      case 'terminated':
      case 'deadline-passed':
        return [
          declinedAttempt(attempt, {
            reason: 'reseller-terminated',
            resellerId,
            detail:
              standing === 'terminated'
                ? `reseller ${resellerId} is terminated`
                : `reseller ${resellerId} is past its termination deadline ${reseller!.terminateBy}`,
          }),
        ];
      case 'termination-pending':
        flags.push({
          type: 'AccountFlagged',
          schema: 1,
          data: {
            flagId: `${RESELLER_FLAG_PREFIX}${resellerId}`,
            category: 'reseller',
            indicators: [`reseller ${resellerId} must be terminated by ${reseller!.terminateBy}`],
            severity: 'medium',
            source: 'reseller',
            resellerId,
            occurredAt: at,
          },
        });
        break;
      case 'accepting':
        break;
    }
  }
  for (const match of matches) {
    flags.push(
      specialMeasureFlag(
        match,
        `${SPECIAL_MEASURE_FLAG_PREFIX}${match.measure.measureId}`,
        at,
        match.partyIndex === 0 ? 'customer' : 'beneficial owner',
      ),
    );
  }

  const opened: AccountEvent = {
    type: 'AccountOpened',
    schema: 1,
    data: {
      customer: attempt.customer,
      contact: attempt.contact,
      paymentMeans: attempt.paymentMeans,
      channel: attempt.channel,
      usPersonStatus,
      ...(attempt.ip === undefined ? {} : { ip: attempt.ip }),
      occurredAt: at,
    },
  };
  const ownersAdded = owners.map((owner): BeneficialOwnerAdded => ({
    type: 'BeneficialOwnerAdded',
    schema: 1,
    data: { ...owner, occurredAt: at },
  }));
  return [opened, ...ownersAdded, ...flags];
}

function declinedAttempt(
  attempt: Omit<AccountOpeningDeclined['data'], 'reason' | 'measureId' | 'resellerId' | 'detail' | 'ip'> & {
    ip: string | undefined;
  },
  why: Pick<AccountOpeningDeclined['data'], 'reason' | 'measureId' | 'resellerId' | 'detail'>,
): AccountOpeningDeclined {
  const { ip, ...rest } = attempt;
  return {
    type: 'AccountOpeningDeclined',
    schema: 1,
    data: {
      reason: why.reason,
      ...(why.measureId === undefined ? {} : { measureId: why.measureId }),
      ...(why.resellerId === undefined ? {} : { resellerId: why.resellerId }),
      ...(why.detail === undefined ? {} : { detail: why.detail }),
      ...rest,
      ...(ip === undefined ? {} : { ip }),
    },
  };
}

function specialMeasureFlag(match: MeasureMatch, flagId: string, at: IsoInstant, party: string): AccountFlagged {
  const { measure } = match;
  const prohibition = measure.kind === 'prohibition';
  return {
    type: 'AccountFlagged',
    schema: 1,
    data: {
      flagId,
      category: 'special-measure',
      indicators: prohibition
        ? [`${party} matches prohibition ${measure.measureId} (${measure.reference})`]
        : measure.conditions.map((condition) => `${party}: ${condition}`),
      severity: prohibition ? 'high' : 'medium',
      source: 'special-measure',
      measureId: measure.measureId,
      occurredAt: at,
    },
  };
}

function customerParty(customer: Customer): MatchableParty {
  return {
    name: customer.name,
    nationalId: customer.nationalId,
    dateOfBirth: customer.dateOfBirth,
    country: customer.country,
    addressCountry: customer.address.country,
  };
}

function ownerParty(owner: BeneficialOwner): MatchableParty {
  return {
    name: owner.name,
    nationalId: owner.nationalId,
    dateOfBirth: owner.dateOfBirth,
    country: owner.country,
    addressCountry: owner.address.country,
  };
}

function requireOwnershipWithinWhole(owners: BeneficialOwner[]): void {
  const total = owners.reduce((sum, owner) => sum + owner.ownershipPct, 0);
  // A tenth of a per mille of slack absorbs binary rounding of decimal percentages (33.33 * 3 ...).
  if (total > 100 + 1e-4) {
    throw new IllegalStateError(
      'ownership-exceeds-whole',
      `beneficial owners would hold ${total} % of the customer, over 100 %`,
    );
  }
}

function requireNotOpened(state: AccountState, accountId: string): void {
  if (state.status === 'open' || state.status === 'closed') {
    throw new IllegalStateError('account-exists', `account ${accountId} was already opened`);
  }
}

function requireRecorded(state: AccountState, accountId: string): void {
  if (state.status === 'none') throw new NotFoundError('account-not-found', `account ${accountId} does not exist`);
}

function requireOpen(state: AccountState, accountId: string): void {
  if (state.status === 'none' || state.status === 'declined') {
    throw new NotFoundError('account-not-found', `account ${accountId} was never opened`);
  }
  if (state.status === 'closed') {
    throw new IllegalStateError(
      'account-closed',
      `account ${accountId} was closed at ${state.closedAt}: it accepts nothing but legal holds and earlier access records`,
    );
  }
}

function requireSubject(state: AccountState, accountId: string, subject: string): void {
  if (state.verification[subject] === undefined) {
    throw new NotFoundError(
      'unknown-subject',
      `account ${accountId} has no subject ${subject}: identities are verified for the customer or a current beneficial owner`,
    );
  }
}

function unverified(usPersonStatus: SubjectVerification['usPersonStatus']): SubjectVerification {
  return { status: 'unverified', usPersonStatus, method: null, verifiedAt: null, failedAt: null };
}

/**
 * Folds an account event into the state. It also accepts the account's AccessRecorded events (from its
 * access stream) so one state can answer "last access" for retention. It never throws: replaying any
 * stored history must always succeed, so an event that does not fit is applied as far as it can be.
 */
export function evolveAccount(state: AccountState, event: AccountEvent | AccessRecorded): AccountState {
  const version = event.type === 'AccessRecorded' ? state.version : state.version + 1;
  const next = { ...state, version };
  switch (event.type) {
    case 'AccountOpened': {
      const { data } = event;
      return {
        ...next,
        status: 'open',
        openedAt: data.occurredAt,
        customer: data.customer,
        contact: data.contact,
        paymentMeans: Object.fromEntries(data.paymentMeans.map((means) => [means.paymentMeansId, means])),
        channel: data.channel,
        verification: { ...state.verification, [CUSTOMER_SUBJECT]: unverified(data.usPersonStatus) },
        lastAccessAt: laterOf(state.lastAccessAt, data.occurredAt),
      };
    }
    case 'AccountOpeningDeclined':
      return {
        ...next,
        status: state.status === 'none' ? 'declined' : state.status,
        declinedAt: event.data.occurredAt,
        declineReason: event.data.reason,
      };
    case 'CustomerInfoUpdated': {
      const { customer, contact } = event.data;
      return {
        ...next,
        customer: state.customer === null ? null : { ...state.customer, ...customer },
        contact: state.contact === null ? null : { ...state.contact, ...contact },
      };
    }
    case 'PaymentMeansAdded': {
      const { occurredAt: _occurredAt, ...means } = event.data;
      return { ...next, paymentMeans: { ...state.paymentMeans, [means.paymentMeansId]: means } };
    }
    case 'PaymentMeansRemoved': {
      const { [event.data.paymentMeansId]: _removed, ...paymentMeans } = state.paymentMeans;
      return { ...next, paymentMeans };
    }
    case 'BeneficialOwnerAdded': {
      const { occurredAt: _occurredAt, ...owner } = event.data;
      return {
        ...next,
        owners: { ...state.owners, [owner.ownerId]: owner },
        verification: { ...state.verification, [owner.ownerId]: unverified(owner.usPersonStatus) },
      };
    }
    case 'BeneficialOwnerRemoved': {
      const { [event.data.ownerId]: _owner, ...owners } = state.owners;
      const { [event.data.ownerId]: _verification, ...verification } = state.verification;
      return { ...next, owners, verification };
    }
    case 'UsPersonStatusDetermined':
      return updateSubject(next, event.data.subject, (subject) => ({ ...subject, usPersonStatus: event.data.status }));
    case 'IdentityVerified':
      return updateSubject(next, event.data.subject, (subject) => ({
        ...subject,
        status: 'verified',
        method: event.data.method,
        verifiedAt: event.data.occurredAt,
      }));
    case 'IdentityVerificationFailed':
      return updateSubject(next, event.data.subject, (subject) => ({
        ...subject,
        status: 'failed',
        method: event.data.method,
        failedAt: event.data.occurredAt,
      }));
    case 'ProvisionalAccessGranted':
      return {
        ...next,
        provisionalAccess: {
          restrictions: event.data.restrictions,
          reviewBy: event.data.reviewBy,
          grantedAt: event.data.occurredAt,
        },
      };
    case 'AccountFlagged': {
      const { data } = event;
      return {
        ...next,
        flags: state.flags.set(data.flagId, {
          flagId: data.flagId,
          category: data.category,
          severity: data.severity,
          raisedAt: data.occurredAt,
          ...(data.measureId === undefined ? {} : { measureId: data.measureId }),
          ...(data.resellerId === undefined ? {} : { resellerId: data.resellerId }),
          resolution: null,
        }),
      };
    }
    case 'FlagResolved': {
      const flag = state.flags.get(event.data.flagId);
      if (flag === undefined) return next;
      return {
        ...next,
        flags: state.flags.set(flag.flagId, {
          ...flag,
          resolution: { outcome: event.data.outcome, resolvedAt: event.data.occurredAt },
        }),
      };
    }
    case 'LegalHoldPlaced': {
      const { holdId, authority, reference, occurredAt } = event.data;
      return {
        ...next,
        holds: { ...state.holds, [holdId]: { holdId, authority, reference, placedAt: occurredAt, releasedAt: null } },
      };
    }
    case 'LegalHoldReleased': {
      const hold = state.holds[event.data.holdId];
      if (hold === undefined) return next;
      return { ...next, holds: { ...state.holds, [hold.holdId]: { ...hold, releasedAt: event.data.occurredAt } } };
    }
    case 'AccountClosed':
      return { ...next, status: 'closed', closedAt: event.data.occurredAt, closureReason: event.data.reason };
    case 'AccessRecorded':
      return { ...next, lastAccessAt: laterOf(state.lastAccessAt, event.data.at) };
  }
}

function updateSubject(
  state: AccountState,
  subject: string,
  update: (current: SubjectVerification) => SubjectVerification,
): AccountState {
  const current = state.verification[subject];
  if (current === undefined) return state;
  return { ...state, verification: { ...state.verification, [subject]: update(current) } };
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState, AccountContext> = {
  decide: decideAccount,
  evolve: evolveAccount,
  initialState: initialAccountState,
};
