import fc from 'fast-check';
import { type AccountCommand } from './account/account.commands';
import { accountDecider } from './account/account.decider';
import { type AccountEvent } from './account/account.events';
import { eventSchemaVersions, isLedgerEventType, ledgerEventTypes, streamKindOfEventType } from './catalogue';
import { resellerDecider } from './reseller/reseller.decider';
import { type ResellerCommand } from './reseller/reseller.commands';
import { type Command, type Decider, type DecisionContext, type DomainEvent } from './shared/domain-event';
import { isDomainError } from './shared/errors';
import { specialMeasureDecider } from './special-measure/special-measure.decider';
import { type SpecialMeasureCommand } from './special-measure/special-measure.commands';
import {
  accountContext,
  card,
  contact,
  customer,
  daysFromNow,
  measureIssued,
  measureState,
  NOW,
  owner,
  resellerOnboarded,
  resellerState,
  wallet,
} from './testing/fixtures';

describe('event catalogue', () => {
  it('versions every event type at schema 1 and places it in a stream kind', () => {
    expect(ledgerEventTypes).toHaveLength(26);
    for (const type of ledgerEventTypes) {
      expect(eventSchemaVersions[type]).toBe(1);
      expect(streamKindOfEventType[type]).toBeDefined();
    }
    expect(isLedgerEventType('AccountOpened')).toBe(true);
    expect(isLedgerEventType('toString')).toBe(false);
  });
});

/**
 * Runs a command sequence through a decider, as a command handler would, and checks what must hold for
 * any sequence: only DomainErrors are thrown, every event carries its catalogue schema version and is
 * plain JSON (no undefined members, which canonical JSON cannot hash), and evolve never throws.
 */
function runSequence<C extends Command, E extends DomainEvent, S, Ctx extends DecisionContext>(
  decider: Decider<C, E, S, Ctx>,
  commands: C[],
  context: Ctx,
  afterEach?: (before: S, events: E[]) => void,
): { state: S; history: E[] } {
  let state = decider.initialState();
  const history: E[] = [];
  for (const command of commands) {
    let events: E[] = [];
    try {
      events = decider.decide(command, state, context);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      continue;
    }
    afterEach?.(state, events);
    for (const event of events) {
      expect(event.schema).toBe(eventSchemaVersions[event.type as keyof typeof eventSchemaVersions]);
      expect(JSON.parse(JSON.stringify(event))).toEqual(event);
      expect(JSON.stringify(event)).not.toContain('undefined');
      state = decider.evolve(state, event);
      history.push(event);
    }
  }
  // Replaying the history from scratch gives the same state (no hidden inputs).
  expect(history.reduce((current, event) => decider.evolve(current, event), decider.initialState())).toEqual(state);
  return { state, history };
}

const A = 'acct-1';
const when = fc.integer({ min: -60, max: 0 }).map(daysFromNow);
const subject = fc.constantFrom('customer', 'owner-1', 'owner-2', 'ghost');
const flagId = fc.constantFrom('flag-1', 'flag-2', 'special-measure:sm-1');
const holdId = fc.constantFrom('hold-1', 'hold-2');
const accountCommand: fc.Arbitrary<AccountCommand> = fc.oneof(
  fc.record({ occurredAt: when, withOwner: fc.boolean() }).map(({ occurredAt, withOwner }) => ({
    type: 'OpenAccount' as const,
    data: {
      accountId: A,
      customer,
      contact,
      paymentMeans: [card],
      channel: { kind: 'direct' as const },
      usPersonStatus: 'foreign' as const,
      occurredAt,
      ...(withOwner ? { beneficialOwners: [owner] } : {}),
    },
  })),
  when.map((occurredAt) => ({
    type: 'DeclineAccountOpening' as const,
    data: {
      accountId: A,
      reason: 'unverified' as const,
      customer,
      contact,
      channel: { kind: 'direct' as const },
      occurredAt,
    },
  })),
  when.map((occurredAt) => ({
    type: 'UpdateCustomerInfo' as const,
    data: { accountId: A, contact: { email: 'new@example.org' }, occurredAt },
  })),
  when.map((occurredAt) => ({
    type: 'AddPaymentMeans' as const,
    data: { accountId: A, paymentMeans: wallet, occurredAt },
  })),
  fc.record({ occurredAt: when, id: fc.constantFrom('pm-1', 'pm-2') }).map(({ occurredAt, id }) => ({
    type: 'RemovePaymentMeans' as const,
    data: { accountId: A, paymentMeansId: id, occurredAt },
  })),
  fc
    .record({ occurredAt: when, id: fc.constantFrom('owner-1', 'owner-2'), pct: fc.integer({ min: 0, max: 100 }) })
    .map(({ occurredAt, id, pct }) => ({
      type: 'AddBeneficialOwner' as const,
      data: { accountId: A, owner: { ...owner, ownerId: id, ownershipPct: pct }, occurredAt },
    })),
  fc.record({ occurredAt: when, id: fc.constantFrom('owner-1', 'owner-2') }).map(({ occurredAt, id }) => ({
    type: 'RemoveBeneficialOwner' as const,
    data: { accountId: A, ownerId: id, occurredAt },
  })),
  fc.record({ occurredAt: when, subject }).map(({ occurredAt, subject: s }) => ({
    type: 'DetermineUsPersonStatus' as const,
    data: { accountId: A, subject: s, status: 'us' as const, basis: 'passport', occurredAt },
  })),
  fc.record({ occurredAt: when, subject }).map(({ occurredAt, subject: s }) => ({
    type: 'VerifyIdentity' as const,
    data: {
      accountId: A,
      subject: s,
      method: 'documentary' as const,
      evidence: [{ kind: 'passport', issuer: 'BG', reference: 'P1' }],
      verifiedBy: 'kyc',
      occurredAt,
    },
  })),
  fc.record({ occurredAt: when, subject }).map(({ occurredAt, subject: s }) => ({
    type: 'RecordVerificationFailure' as const,
    data: { accountId: A, subject: s, method: 'non-documentary' as const, reason: 'no match', occurredAt },
  })),
  when.map((occurredAt) => ({
    type: 'GrantProvisionalAccess' as const,
    data: { accountId: A, restrictions: ['no GPUs'], reviewBy: daysFromNow(30), occurredAt },
  })),
  fc.record({ occurredAt: when, flagId }).map(({ occurredAt, flagId: id }) => ({
    type: 'FlagAccount' as const,
    data: {
      accountId: A,
      flagId: id,
      category: 'other' as const,
      indicators: [],
      severity: 'low' as const,
      source: 'x',
      occurredAt,
    },
  })),
  fc.record({ occurredAt: when, flagId }).map(({ occurredAt, flagId: id }) => ({
    type: 'ResolveFlag' as const,
    data: { accountId: A, flagId: id, outcome: 'cleared' as const, note: 'ok', occurredAt },
  })),
  fc.record({ occurredAt: when, holdId }).map(({ occurredAt, holdId: id }) => ({
    type: 'PlaceLegalHold' as const,
    data: { accountId: A, holdId: id, authority: 'court', reference: 'r', occurredAt },
  })),
  fc.record({ occurredAt: when, holdId }).map(({ occurredAt, holdId: id }) => ({
    type: 'ReleaseLegalHold' as const,
    data: { accountId: A, holdId: id, occurredAt },
  })),
  when.map((occurredAt) => ({
    type: 'CloseAccount' as const,
    data: { accountId: A, reason: 'other' as const, occurredAt },
  })),
);

describe('properties of the account decider', () => {
  const conditionMeasure = measureState(
    measureIssued({
      target: 'jurisdiction',
      match: { countries: ['BG', 'CZ'] },
      kind: 'condition',
      conditions: ['extra review'],
    }),
  );

  it('any command sequence: only domain errors, catalogue schemas, plain JSON, evolve never throws, replay is deterministic', () => {
    fc.assert(
      fc.property(fc.array(accountCommand, { maxLength: 25 }), fc.boolean(), (commands, withMeasure) => {
        runSequence(
          accountDecider,
          commands,
          accountContext(withMeasure ? { specialMeasures: [conditionMeasure] } : {}),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('any command sequence: once closed, only legal holds are decided; a flag is resolved at most once', () => {
    fc.assert(
      fc.property(fc.array(accountCommand, { maxLength: 25 }), (commands) => {
        const { history } = runSequence(accountDecider, commands, accountContext(), (before, events) => {
          if (before.status === 'closed') {
            for (const event of events) expect(['LegalHoldPlaced', 'LegalHoldReleased']).toContain(event.type);
          }
        });
        const resolvedFlags = history
          .filter((event): event is Extract<AccountEvent, { type: 'FlagResolved' }> => event.type === 'FlagResolved')
          .map((event) => event.data.flagId);
        expect(new Set(resolvedFlags).size).toBe(resolvedFlags.length);
      }),
      { numRuns: 300 },
    );
  });

  it('evolve never throws on events in any order, even orders the decider would not produce', () => {
    fc.assert(
      fc.property(fc.array(accountCommand, { maxLength: 25 }), (commands) => {
        // decide each command against a fresh open account, then fold the events in arbitrary order
        const opened = accountDecider.decide(
          {
            type: 'OpenAccount',
            data: {
              accountId: A,
              customer,
              contact,
              paymentMeans: [card],
              channel: { kind: 'direct' },
              usPersonStatus: 'foreign',
              occurredAt: daysFromNow(-90),
            },
          },
          accountDecider.initialState(),
          accountContext(),
        );
        const openState = opened.reduce(accountDecider.evolve, accountDecider.initialState());
        const events = commands.flatMap((command) => {
          try {
            return accountDecider.decide(command, openState, accountContext());
          } catch {
            return [];
          }
        });
        expect(() => events.reduce(accountDecider.evolve, accountDecider.initialState())).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

describe('properties of the reseller and special-measure deciders', () => {
  const resellerCommand: fc.Arbitrary<ResellerCommand> = fc.oneof(
    when.map((occurredAt) => ({
      type: 'OnboardReseller' as const,
      data: {
        resellerId: 'rs-1',
        name: 'R',
        jurisdiction: 'DE',
        cipMode: 'own' as const,
        cipDigest: 'c'.repeat(64),
        occurredAt,
      },
    })),
    when.map((occurredAt) => ({
      type: 'UpdateResellerCip' as const,
      data: { resellerId: 'rs-1', cipMode: 'adopted' as const, cipDigest: 'd'.repeat(64), occurredAt },
    })),
    fc.record({ occurredAt: when, findingId: fc.constantFrom('f1', 'f2', 'f3') }).map(({ occurredAt, findingId }) => ({
      type: 'RecordResellerNoncompliance' as const,
      data: { resellerId: 'rs-1', findingId, description: 'd', occurredAt },
    })),
    when.map((occurredAt) => ({
      type: 'TerminateReseller' as const,
      data: { resellerId: 'rs-1', reason: 'noncompliance' as const, occurredAt },
    })),
  );
  it('reseller: nothing is decided after termination; deadlines are detection + 30 days', () => {
    fc.assert(
      fc.property(fc.array(resellerCommand, { maxLength: 15 }), (commands) => {
        const { history } = runSequence(resellerDecider, commands, accountContext(), (before, events) => {
          expect(before.status).not.toBe('terminated');
          for (const event of events) {
            if (event.type === 'ResellerNoncomplianceDetected') {
              expect(Date.parse(event.data.terminateBy) - Date.parse(event.data.detectedAt)).toBe(30 * 86_400_000);
            }
          }
        });
        expect(history.filter((event) => event.type === 'ResellerTerminated').length).toBeLessThanOrEqual(1);
      }),
    );
  });

  const measureCommand: fc.Arbitrary<SpecialMeasureCommand> = fc.oneof(
    fc.record({ occurredAt: when, notice: fc.integer({ min: 150, max: 400 }) }).map(({ occurredAt, notice }) => ({
      type: 'IssueSpecialMeasure' as const,
      data: {
        measureId: 'sm-1',
        target: 'jurisdiction' as const,
        match: { countries: ['XA'] },
        kind: 'prohibition' as const,
        effectiveFrom: new Date(Date.parse(occurredAt) + notice * 86_400_000).toISOString(),
        reference: 'r',
        occurredAt,
      },
    })),
    fc.record({ occurredAt: when, days: fc.integer({ min: 100, max: 1200 }) }).map(({ occurredAt, days }) => ({
      type: 'ExtendSpecialMeasure' as const,
      data: { measureId: 'sm-1', expiresAt: daysFromNow(days), reference: 'r', occurredAt },
    })),
    when.map((occurredAt) => ({
      type: 'RescindSpecialMeasure' as const,
      data: { measureId: 'sm-1', reference: 'r', occurredAt },
    })),
  );
  it('special measure: effective never earlier than 180 days after determination, each period at most 365 days', () => {
    fc.assert(
      fc.property(fc.array(measureCommand, { maxLength: 10 }), (commands) => {
        runSequence(specialMeasureDecider, commands, accountContext(), (before, events) => {
          expect(before.status).not.toBe('rescinded');
          for (const event of events) {
            if (event.type === 'SpecialMeasureIssued') {
              expect(Date.parse(event.data.effectiveFrom) - Date.parse(event.data.determinedAt)).toBeGreaterThanOrEqual(
                180 * 86_400_000,
              );
              expect(Date.parse(event.data.expiresAt) - Date.parse(event.data.effectiveFrom)).toBeLessThanOrEqual(
                365 * 86_400_000,
              );
            }
            if (event.type === 'SpecialMeasureExtended') {
              expect(Date.parse(event.data.expiresAt) - Date.parse(event.data.previousExpiresAt)).toBeLessThanOrEqual(
                365 * 86_400_000,
              );
            }
          }
        });
      }),
    );
  });

  it('an opening through the fixtures reseller is decided without throwing for any reseller history', () => {
    fc.assert(
      fc.property(fc.array(resellerCommand, { maxLength: 10 }), (commands) => {
        const { state } = runSequence(resellerDecider, commands, accountContext());
        const reseller = state.status === 'none' ? resellerState(resellerOnboarded) : state;
        const events = accountDecider.decide(
          {
            type: 'OpenAccount',
            data: {
              accountId: A,
              customer,
              contact,
              paymentMeans: [],
              channel: { kind: 'reseller', resellerId: 'rs-1' },
              usPersonStatus: 'foreign',
            },
          },
          accountDecider.initialState(),
          accountContext({ reseller }),
        );
        const declined = events[0].type === 'AccountOpeningDeclined';
        const deadlinePassed = reseller.terminateBy !== null && Date.parse(reseller.terminateBy) < NOW.getTime();
        expect(declined).toBe(reseller.status === 'terminated' || deadlinePassed);
      }),
    );
  });
});
