import path from 'node:path';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonOfParsed } from './canonical-json';

// The package publishes only an `import` entry, which Jest's CommonJS resolver does not take; load its file.
const { default: canonicalize } = jest.requireActual<{ default: (value: unknown) => string | undefined }>(
  path.resolve(__dirname, '../../../../node_modules/canonicalize/lib/canonicalize.js'),
);

/** The double whose IEEE 754 bits are `hex` (RFC 8785 appendix B lists its examples that way). */
function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the sample of RFC 8785 section 3.2.2 as the RFC prints it', () => {
    const input = `{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts members by UTF-16 code units as in RFC 8785 section 3.2.3, and encodes them as in 3.2.4', () => {
    const input = `{
      "\\u20ac": "Euro Sign",
      "\\r": "Carriage Return",
      "\\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\\ud83d\\ude00": "Emoji: Grinning Face",
      "\\u0080": "Control",
      "\\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    const text = canonicalJson(JSON.parse(input));
    expect(text).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    // the first bytes of the UTF-8 dump in section 3.2.4: {"\r":"Carriage Return","1":"One","<U+0080>":"Con
    expect(Buffer.from(text, 'utf8').subarray(0, 43).toString('hex')).toBe(
      '7b225c72223a2243617272696167652052657475726e222c2231223a224f6e65222c22c280223a22436f6e',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('formats the double with bits %s as %s (RFC 8785 appendix B)', (bits, expected) => {
    expect(canonicalJson(fromBits(bits))).toBe(expected);
  });

  it.each([['7fffffffffffffff'], ['7ff0000000000000']])('rejects the double with bits %s (NaN, Infinity)', (bits) => {
    expect(() => canonicalJson(fromBits(bits))).toThrow(TypeError);
  });

  it('rejects lone surrogates, which I-JSON forbids', () => {
    expect(() => canonicalJson({ a: '\ud800' })).toThrow(/lone surrogate/);
    expect(() => canonicalJson(['x\udc00'])).toThrow(/lone surrogate/);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it('gives the same text as the canonicalize package for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('is a fixed point: canonical text parses back to a value with the same canonical text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

/** The same members re-inserted in a random order (what a producer that does not sort would write). */
function shuffled(value: unknown, random: () => number): unknown {
  // random() gives a whole number >= 0
  if (Array.isArray(value)) return value.map((item) => shuffled(item, random));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = random() % (i + 1);
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  const copy: Record<string, unknown> = {};
  // defined, not assigned: a member named __proto__ stays a member (as JSON.parse makes it)
  for (const [key, member] of entries) {
    Object.defineProperty(copy, key, { value: shuffled(member, random), enumerable: true, writable: true });
  }
  return copy;
}

// JSON values whose strings range over every UTF-16 code unit, lone surrogates included
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const integerLikeKey = fc.nat({ max: 1000 }).map(String);

describe('canonicalJsonOfParsed (the native fast path)', () => {
  const values = fc.oneof(
    fc.jsonValue(),
    fc.jsonValue({ stringUnit: 'binary' }),
    fc.jsonValue({ stringUnit: 'grapheme' }),
    fc.dictionary(fc.oneof(integerLikeKey, fc.string()), fc.jsonValue(), { maxKeys: 8 }),
  );

  it('gives the text of the canonicalize package for arbitrary JSON values: as generated, sorted, shuffled', () => {
    fc.assert(
      fc.property(values, fc.infiniteStream(fc.nat()), (value, stream) => {
        const random = () => stream.next().value;
        const expected = canonicalize(value);
        // as canonical text parses back: every object already sorted, so the native path is taken
        const parsed: unknown = JSON.parse(expected!);
        expect(canonicalJsonOfParsed(parsed)).toBe(expected);
        expect(canonicalJsonOfParsed(value)).toBe(expected);
        expect(canonicalJsonOfParsed(shuffled(parsed, random))).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects lone surrogates as canonicalJson does, and clears escaped backslashes that only look like one', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: anyCodeUnit }), (value) => {
        const parsed: unknown = JSON.parse(JSON.stringify(value));
        let expected: string | Error;
        try {
          expected = canonicalJson(parsed);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) expect(() => canonicalJsonOfParsed(parsed)).toThrow(expected.message);
        else expect(canonicalJsonOfParsed(parsed)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(() => canonicalJsonOfParsed(JSON.parse('{"a":"\\\\ud800 and \\ud800"}'))).toThrow(/lone surrogate/);
    expect(canonicalJsonOfParsed(JSON.parse('{"a":"\\\\ud800"}'))).toBe('{"a":"\\\\ud800"}');
  });

  it.each([
    ['integer-like names, which JavaScript enumerates first', '{"2":1,"10":2,"a":3}', '{"10":2,"2":1,"a":3}'],
    ['-0', '[-0,0.0,1E2]', '[0,0,100]'],
    ['a member named __proto__', '{"z":1,"__proto__":{"b":1,"a":2}}', '{"__proto__":{"a":2,"b":1},"z":1}'],
    ['a member named toJSON', '{"toJSON":{"b":1,"a":2}}', '{"toJSON":{"a":2,"b":1}}'],
    [
      'non-ASCII names in code unit order',
      '{"\ufb33":1,"\ud83d\ude00":2,"\u00f6":3}',
      '{"\u00f6":3,"\ud83d\ude00":2,"\ufb33":1}',
    ],
  ])('handles %s', (_what, json, expected) => {
    const value: unknown = JSON.parse(json);
    expect(canonicalJsonOfParsed(value)).toBe(expected);
    expect(canonicalJsonOfParsed(value)).toBe(canonicalJson(value));
  });

  it('falls back for values JSON.parse never gives (non-finite numbers, toJSON methods, class instances)', () => {
    expect(() => canonicalJsonOfParsed({ a: Number.NaN })).toThrow(TypeError);
    const at = new Date(Date.UTC(2026, 11, 1));
    expect(canonicalJsonOfParsed({ at })).toBe('{"at":"2026-12-01T00:00:00.000Z"}');
    expect(canonicalJsonOfParsed({ a: { toJSON: () => ({ z: 1, y: 2 }) } })).toBe('{"a":{"y":2,"z":1}}');
    expect(canonicalJsonOfParsed(new String('ab'))).toBe(canonicalJson(new String('ab')));
    expect(canonicalJsonOfParsed({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});
