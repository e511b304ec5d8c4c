import { testRecord } from '../bundle/bundle-test-ledger';
import { RecordFormatError, assertLedgerRecord } from './record-format';

const record = testRecord('account-1', 7, { revision: 3, prev: 'ab'.repeat(32) });
const reversed = Object.fromEntries(Object.entries(record).reverse());

describe('assertLedgerRecord', () => {
  it('accepts a well-formed record whatever the order of its members', () => {
    expect(() => assertLedgerRecord(record)).not.toThrow();
    expect(() => assertLedgerRecord(reversed)).not.toThrow();
    expect(() => assertLedgerRecord({ ...record, prev: null })).not.toThrow();
  });

  it('names the members it found, in order, when they are not exactly the ten', () => {
    const expected = 'data, id, meta, prev, recordedAt, revision, schema, stream, type, v';
    expect(() => assertLedgerRecord({ ...reversed, extra: 1 })).toThrow(
      new RecordFormatError(
        `a record has exactly the members ${expected}; found data, extra, id, meta, prev, recordedAt, revision, schema, stream, type, v`,
      ),
    );
    const { schema: _schema, ...missing } = record;
    expect(() => assertLedgerRecord(missing)).toThrow(
      `found data, id, meta, prev, recordedAt, revision, stream, type, v`,
    );
    expect(() => assertLedgerRecord([record])).toThrow('a record is a JSON object');
  });

  it.each([
    ['v', { v: 2 }, '1'],
    ['stream', { stream: '' }, 'a non-empty string'],
    ['revision', { revision: -1 }, 'a whole number >= 0'],
    ['id', { id: record.id.toUpperCase() }, 'a lower-case UUID'],
    ['type', { type: 7 }, 'a non-empty string'],
    ['schema', { schema: 0 }, 'a whole number >= 1'],
    ['recordedAt', { recordedAt: '2026-12-01T04:19:46Z' }, 'UTC ISO-8601 with milliseconds'],
    ['data', { data: [] }, 'an object'],
    ['meta', { meta: { actor: 1 } }, 'an object with a string "actor"'],
    ['prev', { prev: 'AB'.repeat(32) }, 'null or 64 lower-case hex digits'],
  ])('names member %s when it is wrong', (member, change, what) => {
    expect(() => assertLedgerRecord({ ...record, ...change })).toThrow(`record member "${member}" must be ${what}`);
  });
});
