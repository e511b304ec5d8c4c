import { ValidationError } from '../shared/errors';
import { investigatorReadsStream } from '../shared/stream-names';
import { given } from '../testing/given-when-then';
import { contextAt, NOW_ISO } from '../testing/fixtures';
import { type RecordInvestigatorRead } from './investigator.commands';
import { investigatorReadsDecider } from './investigator.decider';

function read(overrides: Partial<RecordInvestigatorRead['data']> = {}): RecordInvestigatorRead {
  return {
    type: 'RecordInvestigatorRead',
    data: {
      actor: 'investigator:jdoe',
      caseReference: 'LE-2026-0042',
      query: { kind: 'search-by-email', parameters: { email: 'x@example.org', limit: 50 } },
      resultCount: 3,
      ...overrides,
    },
  };
}

describe('RecordInvestigatorRead', () => {
  it('records who read what, for which case, and how much came back', () => {
    given(investigatorReadsDecider, [])
      .when(read(), contextAt())
      .then([
        {
          type: 'RecordsAccessed',
          schema: 1,
          data: {
            actor: 'investigator:jdoe',
            caseReference: 'LE-2026-0042',
            query: { kind: 'search-by-email', parameters: { email: 'x@example.org', limit: 50 } },
            resultCount: 3,
            occurredAt: NOW_ISO,
          },
        },
      ]);
  });
  it('counts reads', () => {
    given(investigatorReadsDecider, [])
      .when(read(), contextAt())
      .thenEvents((_events, state) => expect(state.reads).toBe(1));
  });
  it('refuses a read without a case reference', () => {
    given(investigatorReadsDecider, [])
      .when(read({ caseReference: ' ' }), contextAt())
      .thenThrows(ValidationError, 'case-reference-required');
  });
  const refusals: [string, Partial<RecordInvestigatorRead['data']>, string][] = [
    ['no actor', { actor: '' }, 'required'],
    ['a negative result count', { resultCount: -1 }, 'invalid-count'],
    ['a fractional result count', { resultCount: 1.5 }, 'invalid-count'],
    [
      'a nested query parameter',
      { query: { kind: 'x', parameters: { filter: { a: 1 } as never } } },
      'invalid-parameter',
    ],
    ['a query without kind', { query: { kind: '', parameters: {} } }, 'required'],
  ];
  it.each(refusals)('refuses %s', (_name, overrides, code) => {
    given(investigatorReadsDecider, []).when(read(overrides), contextAt()).thenThrows(ValidationError, code);
  });
  it('is recorded in the stream of its UTC day', () => {
    expect(investigatorReadsStream(new Date('2026-12-01T23:59:59.999Z'))).toBe('investigator-reads-2026-12-01');
    expect(investigatorReadsStream('2026-12-02')).toBe('investigator-reads-2026-12-02');
  });
});
