import fc from 'fast-check';
import {
  ConcurrencyError,
  type DomainError,
  IllegalStateError,
  isDomainError,
  NotFoundError,
  ValidationError,
  wrongExpectedRevision,
} from './errors';
import { ID_PATTERN, isValidId, parseRevision } from './ids';
import { defaultPolicy } from './policy';
import {
  accessStream,
  accountStream,
  checkpointStream,
  investigatorReadsStream,
  parseStreamName,
  resellerStream,
  specialMeasureStream,
} from './stream-names';
import { addDays, addYears, compareInstants, earlierOf, laterOf, utcMillisecondTime } from './time';
import { birthDate, instant, pastInstant } from './validate';

const validId = fc.stringMatching(ID_PATTERN);

describe('ids', () => {
  it.each(['acct-1', '6f1c2d3e-0000-4000-8000-000000000000', 'org:42', 'A', 'x'.repeat(128), 'acct_1.b'])(
    'accepts %s',
    (id) => {
      expect(isValidId(id)).toBe(true);
    },
  );
  it.each(['', '-a', '.a', 'a b', 'a/b', '$all', 'x'.repeat(129), 'ü', 'a\n'])('refuses %j', (id) => {
    expect(isValidId(id)).toBe(false);
  });
});

describe('parseRevision', () => {
  it('reads non-negative decimal integers', () => {
    expect(parseRevision('0')).toBe(0);
    expect(parseRevision('42')).toBe(42);
  });
  it.each(['-1', '01', '1.0', '', 'abc', '99999999999999999'])('refuses %j', (text) => {
    expect(() => parseRevision(text)).toThrow(
      expect.objectContaining({ code: 'invalid-revision', kind: 'validation' }),
    );
  });
});

describe('stream names', () => {
  it('builds the names of every stream kind', () => {
    expect(accountStream('a1')).toBe('account-a1');
    expect(accessStream('a1')).toBe('access-a1');
    expect(resellerStream('r1')).toBe('reseller-r1');
    expect(specialMeasureStream('m1')).toBe('special-measure-m1');
    expect(investigatorReadsStream(new Date('2026-12-01T04:19:46.123Z'))).toBe('investigator-reads-2026-12-01');
    expect(checkpointStream()).toBe('ledger-checkpoints');
  });
  it('refuses to build a name from a malformed id or day', () => {
    expect(() => accountStream('a/b')).toThrow(ValidationError);
    expect(() => investigatorReadsStream('2026-02-30')).toThrow(expect.objectContaining({ code: 'invalid-day' }));
  });
  it('parses names back, including ids that contain dashes', () => {
    expect(parseStreamName('account-acct-1')).toEqual({ kind: 'account', accountId: 'acct-1' });
    expect(parseStreamName('special-measure-sm-1')).toEqual({ kind: 'special-measure', measureId: 'sm-1' });
    expect(parseStreamName('investigator-reads-2026-12-01')).toEqual({ kind: 'investigator-reads', day: '2026-12-01' });
    expect(parseStreamName('ledger-checkpoints')).toEqual({ kind: 'checkpoints' });
  });
  it('gives null for streams that are not the ledger’s', () => {
    for (const name of [
      '$all',
      '$et-AccountOpened',
      'account-',
      'account-a b',
      'orders-1',
      'investigator-reads-today',
    ]) {
      expect(parseStreamName(name)).toBeNull();
    }
  });
  it('property: parse(build(id)) gives the id back for every stream kind', () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(parseStreamName(accountStream(id))).toEqual({ kind: 'account', accountId: id });
        expect(parseStreamName(accessStream(id))).toEqual({ kind: 'access', accountId: id });
        expect(parseStreamName(resellerStream(id))).toEqual({ kind: 'reseller', resellerId: id });
        expect(parseStreamName(specialMeasureStream(id))).toEqual({ kind: 'special-measure', measureId: id });
      }),
    );
  });
});

describe('errors', () => {
  it('carry a kind the API maps to a status, a stable code and a message', () => {
    const errors: [DomainError, string][] = [
      [new ValidationError('invalid-ip', 'm'), 'validation'],
      [new IllegalStateError('account-closed', 'm'), 'illegal-state'],
      [new NotFoundError('unknown-subject', 'm'), 'not-found'],
      [new ConcurrencyError('wrong-expected-revision', 'm'), 'concurrency'],
    ];
    for (const [error, kind] of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(isDomainError(error)).toBe(true);
      expect(error.kind).toBe(kind);
      expect(error.name).toBe(error.constructor.name);
    }
    expect(isDomainError(new Error('x'))).toBe(false);
  });
  it('builds the concurrency refusal a command handler raises', () => {
    const error = wrongExpectedRevision('account-a1', 3, 5);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({
      code: 'wrong-expected-revision',
      kind: 'concurrency',
      details: { stream: 'account-a1', expected: 3, actual: 5 },
    });
    expect(error.message).toContain('account-a1');
  });
});

describe('time and policy', () => {
  it('has the proposed rule’s numbers as defaults', () => {
    expect(defaultPolicy).toEqual({
      retentionYears: 2,
      resellerTerminationDays: 30,
      specialMeasureMinNoticeDays: 180,
      specialMeasureDurationDays: 365,
    });
    expect(Object.isFrozen(defaultPolicy)).toBe(true);
  });
  it('adds days in UTC and years on the calendar', () => {
    expect(addDays('2026-03-28T12:00:00.000Z', 30)).toBe('2026-04-27T12:00:00.000Z');
    expect(addYears('2026-03-01T00:00:00.000Z', 2)).toBe('2028-03-01T00:00:00.000Z');
    expect(addYears('2028-02-29T00:00:00.000Z', 1)).toBe('2029-03-01T00:00:00.000Z');
  });
});

describe('instant validation', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');
  it('normalises every ISO-8601 spelling with an offset to UTC milliseconds', () => {
    expect(instant('2026-12-01T12:00Z', 't')).toBe('2026-12-01T12:00:00.000Z');
    expect(instant('2026-12-01T13:00:00.5+01:00', 't')).toBe('2026-12-01T12:00:00.500Z');
    expect(instant('2026-12-01T00:30:00-01:00', 't')).toBe('2026-12-01T01:30:00.000Z');
  });
  it('refuses impossible dates, also with an offset', () => {
    expect(() => instant('2026-02-29T10:00:00Z', 't')).toThrow(expect.objectContaining({ code: 'invalid-instant' }));
    expect(() => instant('2026-04-31T23:30:00-01:00', 't')).toThrow(
      expect.objectContaining({ code: 'invalid-instant' }),
    );
    expect(() => instant('2026-12-01T25:00:00Z', 't')).toThrow(expect.objectContaining({ code: 'invalid-instant' }));
  });
  it('tolerates five minutes of clock skew, not more', () => {
    expect(pastInstant('2026-12-01T12:05:00Z', 't', now)).toBe('2026-12-01T12:05:00.000Z');
    expect(() => pastInstant('2026-12-01T12:05:00.001Z', 't', now)).toThrow(
      expect.objectContaining({ code: 'instant-in-future' }),
    );
  });
  it('accepts dates of birth from 1900 to today', () => {
    expect(birthDate('1900-01-01', 'd', now)).toBe('1900-01-01');
    expect(birthDate('2026-12-01', 'd', now)).toBe('2026-12-01');
    expect(() => birthDate('2026-12-02', 'd', now)).toThrow(ValidationError);
    expect(() => birthDate('1984-4-2', 'd', now)).toThrow(ValidationError);
  });
  it('refuses impossible dates and out-of-range years written in UTC milliseconds too', () => {
    for (const text of ['2026-02-29T10:00:00.000Z', '2026-04-31T00:00:00.000Z', '1969-12-31T23:59:59.999Z']) {
      expect(() => instant(text, 't')).toThrow(expect.objectContaining({ code: 'invalid-instant' }));
    }
    expect(() => pastInstant('2026-12-01T12:05:00.001Z', 't', now)).toThrow(
      expect.objectContaining({ code: 'instant-in-future' }),
    );
  });
  it('property: reads exactly the texts toISOString writes, as Date.parse does', () => {
    const range = { min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true };
    fc.assert(
      fc.property(fc.date(range), (date) => {
        expect(utcMillisecondTime(date.toISOString())).toBe(date.getTime());
      }),
    );
    // any 24 characters over the alphabet of such texts: a time only when the round trip holds
    const near = fc
      .array(fc.constantFrom(...'0123456789-T:.Z2190'.split('')), { minLength: 24, maxLength: 24 })
      .map((chars) => chars.join(''));
    const mutated = fc
      .tuple(fc.date(range), fc.nat({ max: 23 }), fc.constantFrom(...'0123456789-T:.Z x'.split('')))
      .map(([date, at, char]) => {
        const text = date.toISOString();
        return text.slice(0, at) + char + text.slice(at + 1);
      });
    fc.assert(
      fc.property(fc.oneof(near, mutated), (text) => {
        const ms = Date.parse(text);
        const real = !Number.isNaN(ms) && ms >= 0 && new Date(ms).toISOString() === text;
        expect(utcMillisecondTime(text)).toBe(real ? ms : undefined);
      }),
      { numRuns: 5000 },
    );
    for (const text of ['2024-02-29T00:00:00.000Z', '2000-02-29T23:59:59.999Z']) {
      expect(utcMillisecondTime(text)).toBe(Date.parse(text));
    }
    for (const text of ['2100-02-29T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-01-01T23:59:60.000Z']) {
      expect(utcMillisecondTime(text)).toBeUndefined();
    }
  });
  it('property: instants compare by time whatever their spelling', () => {
    // (up to 9998, so that the local time of an offset spelling keeps a four-digit year)
    const range = { min: new Date('1970-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59Z'), noInvalidDate: true };
    // the same instant written with an offset, as a caller may send it
    const withOffset = (date: Date, minutes: number) => {
      const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 23);
      const sign = minutes < 0 ? '-' : '+';
      const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
      const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
      return `${local}${sign}${hh}:${mm}`;
    };
    fc.assert(
      fc.property(
        fc.date(range),
        fc.date(range),
        fc.integer({ min: -720, max: 720 }),
        fc.boolean(),
        (a, b, offset, spellB) => {
          const textA = a.toISOString();
          const textB = spellB ? withOffset(b, offset) : b.toISOString();
          expect(Math.sign(compareInstants(textA, textB))).toBe(Math.sign(a.getTime() - b.getTime()));
          expect(Date.parse(laterOf(textA, textB)!)).toBe(Math.max(a.getTime(), b.getTime()));
          expect(Date.parse(earlierOf(textA, textB)!)).toBe(Math.min(a.getTime(), b.getTime()));
        },
      ),
    );
  });
  it('property: any instant in range round-trips through its normal form', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString();
          expect(instant(text, 't')).toBe(text);
        },
      ),
    );
  });
});
