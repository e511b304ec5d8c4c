import { type AccountOpeningDeclined } from './account.events';
import { accountDecider } from './account.decider';
import { NotFoundError, IllegalStateError } from '../shared/errors';
import { given } from '../testing/given-when-then';
import {
  accountContext,
  accountOpened,
  customer,
  daysFromNow,
  measureIssued,
  measureState,
  openAccount,
  owner,
  resellerOnboarded,
  resellerState,
} from '../testing/fixtures';
import { type ResellerNoncomplianceDetected, type ResellerTerminated } from '../reseller/reseller.events';

const OPENED_AT = daysFromNow(-30);

function declined(data: Partial<AccountOpeningDeclined['data']> & Pick<AccountOpeningDeclined['data'], 'reason'>) {
  const { data: attempt } = openAccount();
  return {
    type: 'AccountOpeningDeclined',
    schema: 1,
    data: {
      customer: attempt.customer,
      contact: attempt.contact,
      paymentMeans: attempt.paymentMeans,
      channel: attempt.channel,
      ip: attempt.ip,
      occurredAt: OPENED_AT,
      ...data,
    },
  };
}

describe('OpenAccount', () => {
  it('opens an account that nothing prevents', () => {
    given(accountDecider, []).when(openAccount(), accountContext()).then([accountOpened()]);
  });

  it('records the opening at the ledger clock when occurredAt is not given, in UTC millisecond form', () => {
    const command = openAccount({ occurredAt: undefined });
    given(accountDecider, [])
      .when(command, accountContext())
      .then([accountOpened({ occurredAt: '2026-12-01T12:00:00.000Z' })]);
    given(accountDecider, [])
      .when(openAccount({ occurredAt: '2026-11-01T14:00:00+02:00' }), accountContext())
      .then([accountOpened({ occurredAt: '2026-11-01T12:00:00.000Z' })]);
  });

  it('adds the beneficial owners given with the opening in the same decision', () => {
    given(accountDecider, [])
      .when(openAccount({ beneficialOwners: [owner] }), accountContext())
      .then([accountOpened(), { type: 'BeneficialOwnerAdded', schema: 1, data: { ...owner, occurredAt: OPENED_AT } }]);
  });

  it('drops members the catalogue does not know instead of recording them', () => {
    const withExtra = openAccount({ customer: { ...customer, favouriteColour: 'green' } as never });
    given(accountDecider, []).when(withExtra, accountContext()).then([accountOpened()]);
  });

  it('refuses to open an account twice', () => {
    given(accountDecider, [accountOpened()])
      .when(openAccount(), accountContext())
      .thenThrows(IllegalStateError, 'account-exists', 'illegal-state');
  });

  it('may open an account after an earlier declined attempt', () => {
    given(accountDecider, [declined({ reason: 'unverified' }) as AccountOpeningDeclined])
      .when(openAccount(), accountContext())
      .then([accountOpened()]);
  });
});

describe('OpenAccount through a reseller', () => {
  const viaReseller = openAccount({ channel: { kind: 'reseller', resellerId: 'rs-1' } });
  const noncompliance: ResellerNoncomplianceDetected = {
    type: 'ResellerNoncomplianceDetected',
    schema: 1,
    data: { findingId: 'f-1', description: 'no CIP', detectedAt: daysFromNow(-40), terminateBy: daysFromNow(-10) },
  };
  const terminated: ResellerTerminated = {
    type: 'ResellerTerminated',
    schema: 1,
    data: { reason: 'noncompliance', occurredAt: daysFromNow(-35), afterDeadline: false },
  };

  it('opens through an active reseller and names it', () => {
    given(accountDecider, [])
      .when(viaReseller, accountContext({ reseller: resellerState(resellerOnboarded) }))
      .then([accountOpened({ channel: { kind: 'reseller', resellerId: 'rs-1' } })]);
  });

  it('declines, and records, an opening through a terminated reseller', () => {
    given(accountDecider, [])
      .when(viaReseller, accountContext({ reseller: resellerState(resellerOnboarded, terminated) }))
      .then([
        declined({
          reason: 'reseller-terminated',
          resellerId: 'rs-1',
          detail: 'reseller rs-1 is terminated',
          channel: { kind: 'reseller', resellerId: 'rs-1' },
        }) as AccountOpeningDeclined,
      ]);
  });

  it('declines an opening through a reseller past its termination deadline, even if not yet terminated', () => {
    const afterDeadline = openAccount({
      channel: { kind: 'reseller', resellerId: 'rs-1' },
      occurredAt: daysFromNow(-5),
    });
    const [event] = given(accountDecider, [])
      .when(afterDeadline, accountContext({ reseller: resellerState(resellerOnboarded, noncompliance) }))
      .thenEvents(([decline], after) => {
        expect(after.status).toBe('declined');
        expect(decline.type).toBe('AccountOpeningDeclined');
      });
    expect(event.data).toMatchObject({
      reason: 'reseller-terminated',
      resellerId: 'rs-1',
      detail: `reseller rs-1 is past its termination deadline ${daysFromNow(-10)}`,
    });
  });

  it('opens through a reseller whose deadline is still ahead, and flags the account', () => {
    const pending = { ...noncompliance, data: { ...noncompliance.data, terminateBy: daysFromNow(5) } };
    given(accountDecider, [])
      .when(viaReseller, accountContext({ reseller: resellerState(resellerOnboarded, pending) }))
      .then([
        accountOpened({ channel: { kind: 'reseller', resellerId: 'rs-1' } }),
        {
          type: 'AccountFlagged',
          schema: 1,
          data: {
            flagId: 'reseller:rs-1',
            category: 'reseller',
            indicators: [`reseller rs-1 must be terminated by ${daysFromNow(5)}`],
            severity: 'medium',
            source: 'reseller',
            resellerId: 'rs-1',
            occurredAt: OPENED_AT,
          },
        },
      ]);
  });

  it('refuses an opening through a reseller that was never onboarded', () => {
    given(accountDecider, [])
      .when(viaReseller, accountContext())
      .thenThrows(NotFoundError, 'reseller-not-found', 'not-found');
    given(accountDecider, [])
      .when(viaReseller, accountContext({ reseller: resellerState() }))
      .thenThrows(NotFoundError, 'reseller-not-found');
  });
});

describe('OpenAccount against special measures', () => {
  const byNationalId = measureIssued({ target: 'person', match: { nationalId: 'ab123456' } });

  it('declines an opening whose customer matches an effective prohibition by national id, in any spelling', () => {
    given(accountDecider, [])
      .when(openAccount(), accountContext({ specialMeasures: [measureState(byNationalId)] }))
      .then([declined({ reason: 'special-measure', measureId: 'sm-1' }) as AccountOpeningDeclined]);
  });

  it('declines on name and date of birth together, ignoring case, accents and spacing', () => {
    const byName = measureIssued({ target: 'person', match: { name: '  IVANA  petróva ', dateOfBirth: '1984-04-02' } });
    given(accountDecider, [])
      .when(openAccount(), accountContext({ specialMeasures: [measureState(byName)] }))
      .then([declined({ reason: 'special-measure', measureId: 'sm-1' }) as AccountOpeningDeclined]);
  });

  it('does not decline on the name alone when the date of birth differs', () => {
    const otherPerson = measureIssued({
      target: 'person',
      match: { name: 'Ivana Petrova', dateOfBirth: '1990-01-01' },
    });
    given(accountDecider, [])
      .when(openAccount(), accountContext({ specialMeasures: [measureState(otherPerson)] }))
      .then([accountOpened()]);
  });

  it('declines an opening from a prohibited jurisdiction (citizenship or address country)', () => {
    for (const countries of [['BG'], ['DE']]) {
      const jurisdiction = measureIssued({ target: 'jurisdiction', match: { countries } });
      given(accountDecider, [])
        .when(openAccount(), accountContext({ specialMeasures: [measureState(jurisdiction)] }))
        .then([declined({ reason: 'special-measure', measureId: 'sm-1' }) as AccountOpeningDeclined]);
    }
  });

  it('declines an opening when a beneficial owner given with it is the target', () => {
    const ownerMeasure = measureIssued({ target: 'person', match: { nationalId: 'CZ 840402/1234' } });
    const [event] = given(accountDecider, [])
      .when(
        openAccount({ beneficialOwners: [owner] }),
        accountContext({ specialMeasures: [measureState(ownerMeasure)] }),
      )
      .thenEvents((events) => expect(events).toHaveLength(1));
    expect(event).toMatchObject({
      type: 'AccountOpeningDeclined',
      data: { reason: 'special-measure', measureId: 'sm-1' },
    });
  });

  it('opens when the prohibition is not yet effective, has expired, or was rescinded', () => {
    const notYet = measureIssued({
      target: 'person',
      match: { nationalId: 'AB123456' },
      effectiveFrom: daysFromNow(-29),
    });
    const expired = measureIssued({ target: 'person', match: { nationalId: 'AB123456' }, expiresAt: OPENED_AT });
    const rescinded = measureState(byNationalId, {
      type: 'SpecialMeasureRescinded',
      schema: 1,
      data: { reference: '91 FR 20000', occurredAt: daysFromNow(-60) },
    });
    for (const measure of [measureState(notYet), measureState(expired), rescinded]) {
      given(accountDecider, [])
        .when(openAccount(), accountContext({ specialMeasures: [measure] }))
        .then([accountOpened()]);
    }
  });

  it('judges effectiveness at the opening time, not at the time the opening is reported', () => {
    const effectiveSinceYesterday = measureIssued({
      target: 'person',
      match: { nationalId: 'AB123456' },
      effectiveFrom: daysFromNow(-1),
    });
    given(accountDecider, [])
      .when(
        openAccount({ occurredAt: daysFromNow(-2) }),
        accountContext({ specialMeasures: [measureState(effectiveSinceYesterday)] }),
      )
      .then([accountOpened({ occurredAt: daysFromNow(-2) })]);
  });

  it('opens an account matching a condition, and flags it with the conditions', () => {
    const condition = measureIssued({
      target: 'jurisdiction',
      match: { countries: ['BG'] },
      kind: 'condition',
      conditions: ['documentary verification within 10 days'],
    });
    given(accountDecider, [])
      .when(openAccount(), accountContext({ specialMeasures: [measureState(condition)] }))
      .then([
        accountOpened(),
        {
          type: 'AccountFlagged',
          schema: 1,
          data: {
            flagId: 'special-measure:sm-1',
            category: 'special-measure',
            indicators: ['customer: documentary verification within 10 days'],
            severity: 'medium',
            source: 'special-measure',
            measureId: 'sm-1',
            occurredAt: OPENED_AT,
          },
        },
      ]);
  });

  it('gives the prohibition precedence over a terminated reseller as the recorded reason', () => {
    const terminated: ResellerTerminated = {
      type: 'ResellerTerminated',
      schema: 1,
      data: { reason: 'other', occurredAt: daysFromNow(-100), afterDeadline: false },
    };
    const [event] = given(accountDecider, [])
      .when(
        openAccount({ channel: { kind: 'reseller', resellerId: 'rs-1' } }),
        accountContext({
          reseller: resellerState(resellerOnboarded, terminated),
          specialMeasures: [measureState(byNationalId)],
        }),
      )
      .thenEvents(() => undefined);
    expect(event.data).toMatchObject({ reason: 'special-measure', measureId: 'sm-1' });
  });

  it('still refuses a duplicate opening before looking at measures', () => {
    given(accountDecider, [accountOpened()])
      .when(openAccount(), accountContext({ specialMeasures: [measureState(byNationalId)] }))
      .thenThrows(IllegalStateError, 'account-exists');
  });
});
