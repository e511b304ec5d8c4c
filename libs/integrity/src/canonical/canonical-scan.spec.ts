import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { NOT_PROVED, canonicalValueEnd, isProvedCanonical } from './canonical-scan';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What a proof promises: the bytes are UTF-8 JSON text, and the canonical text of its value is these bytes. */
function expectCanonical(bytes: Uint8Array): void {
  const text = strictUtf8.decode(bytes);
  expect(canonicalJson(JSON.parse(text))).toBe(text);
  expect(utf8(text).equals(bytes)).toBe(true);
}

/** The canonical text of a value, or undefined when it has none (a lone surrogate). */
function canonicalOrUndefined(value: unknown): string | undefined {
  try {
    return canonicalJson(value);
  } catch {
    return undefined;
  }
}

/** Whether every member name in the value is printable ASCII without '"' or '\' (what the scanner compares). */
function namesArePlain(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(namesArePlain);
  if (typeof value !== 'object' || value === null) return true;
  return Object.entries(value).every(
    ([name, member]) => /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(name) && namesArePlain(member),
  );
}

const plainNameUnit = fc
  .integer({ min: 0x20, max: 0x7e })
  .filter((code) => code !== 0x22 && code !== 0x5c)
  .map((code) => String.fromCharCode(code));
const plainName = fc.string({ unit: plainNameUnit, maxLength: 8 });

// characters whose canonical form needs care: escapes, '/', DEL, above ASCII, beyond the BMP
const trickyCharacter = fc.constantFrom(
  ...'\u0000\u0001\b\t\n\u000b\f\r\u001f "\\/A~\u007f\u0080\u00e9\u2028\u20ac\ufeff\u{1f600}\u{10ffff}',
);
const trickyString = fc.string({ unit: fc.oneof(trickyCharacter, fc.constantFrom('a', 'b', '0')), maxLength: 12 });
const trickyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 2 ** 53 + 2, 2 ** 60, 0.1, 5e-324, 1.5, 100),
);

/** JSON values of every kind; the strings and (in some) the names range over all of Unicode. */
const jsonValues = fc.oneof(
  fc.dictionary(
    plainName,
    fc.oneof(trickyString, trickyNumber, fc.array(fc.oneof(trickyString, trickyNumber), { maxLength: 4 })),
    {
      maxKeys: 6,
    },
  ),
  fc.jsonValue(),
  fc.jsonValue({ stringUnit: 'binary' }),
  fc.jsonValue({ stringUnit: 'grapheme' }),
  fc.dictionary(plainName, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
  fc.dictionary(plainName, fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }), { maxKeys: 8 }),
  fc.array(
    fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }),
    ),
  ),
);

describe('canonical-scan: what canonical text it proves', () => {
  it('proves the canonical text of any JSON value whose member names are plain ASCII, and ends it at its end', () => {
    let proved = 0;
    fc.assert(
      fc.property(jsonValues, fc.constantFrom('', '0', '"', ' ', ',', '}'), (value, after) => {
        const text = canonicalOrUndefined(value);
        fc.pre(text !== undefined);
        const bytes = utf8(text);
        if (namesArePlain(value)) {
          expect(isProvedCanonical(bytes)).toBe(true);
          proved++;
        }
        if (isProvedCanonical(bytes)) {
          // inside a longer buffer: never reads past the limit, whatever follows
          const padded = Buffer.concat([utf8('[x'), bytes, utf8(after)]);
          expect(canonicalValueEnd(padded, 2, 2 + bytes.length)).toBe(2 + bytes.length);
        }
      }),
      { numRuns: 3000 },
    );
    // the generators must mostly give values with plain names, or the property says little
    expect(proved).toBeGreaterThan(1500);
  });

  it.each([
    ['an object in order', '{"":0,"a":[1,-1.5,1e+21,5e-324,0.000001,1e-7],"ab":{},"b":[]}'],
    ['literals', '[true,false,null]'],
    ['the escapes JCS writes', '"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\\u000b"'],
    ['characters JCS writes as they are', '"/\u007f\u0080\u00e9\u2028\u20ac\ufeff\ud83d\ude00\u{10ffff}"'],
    ['integers up to 15 digits and beyond', '[0,-1,999999999999999,9007199254740992,1e+21,-1e+21]'],
    ['the numbers of RFC 8785 appendix B', '[333333333.3333333,1e+30,4.5,0.002,1e-27,1.7976931348623157e+308]'],
    ['names that sort by code unit, digits before letters', '{"1":1,"10":2,"2":3,"A":4,"a":5}'],
    ['a member named __proto__', '{"__proto__":{"a":1}}'],
  ])('proves %s', (_what, text) => {
    expect(isProvedCanonical(utf8(text))).toBe(true);
    expectCanonical(utf8(text));
  });

  it.each([
    ['whitespace', '{"a": 1}'],
    ['a newline after the value', '[1]\n'],
    ['members out of order', '{"b":1,"a":2}'],
    ['a duplicate member', '{"a":1,"a":1}'],
    ['a name with an escape', '{"\\n":1}'],
    ['a non-ASCII name (canonical, but not compared here)', '{"\u00e9":1}'],
    ['\\u0041 for A', '"\\u0041"'],
    ['\\/ for /', '"\\/"'],
    ['an upper-case \\u escape', '"\\u001F"'],
    ['\\u000a for \\n', '"\\u000a"'],
    ['an escaped DEL', '"\\u007f"'],
    ['an escaped surrogate pair', '"\\ud83d\\ude00"'],
    ['a lone surrogate escape', '"\\ud800"'],
    ['a raw control character', '"a\tb"'],
    ['1.0', '1.0'],
    ['1e2', '1e2'],
    ['1E+30', '1E+30'],
    ['-0', '-0'],
    ['-0.0', '-0.0'],
    ['a leading zero', '01'],
    ['a plus sign', '+1'],
    ['an integer that is not an exact double', '9007199254740993'],
    ['a number out of range', '1e999'],
    ['a trailing comma', '[1,]'],
    ['an unfinished literal', 'tru'],
    ['an unfinished string', '"abc'],
    ['two values', '1 2'],
    ['nothing', ''],
  ])('declines %s', (_what, text) => {
    expect(isProvedCanonical(utf8(text))).toBe(false);
  });

  it.each([
    ['an overlong encoding', [0xc0, 0x80]],
    ['an overlong three-byte encoding', [0xe0, 0x80, 0x80]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['a byte never in UTF-8', [0xff]],
  ])('declines a string holding %s', (_what, sequence) => {
    const bytes = Buffer.from([0x22, 0x61, ...sequence, 0x62, 0x22]);
    expect(isProvedCanonical(bytes)).toBe(false);
  });

  it('never reads past its limit', () => {
    const bytes = utf8('[123,"abc",{"a":1}]');
    expect(canonicalValueEnd(bytes, 1, 3)).toBe(3); // 12 of 123
    expect(canonicalValueEnd(bytes, 5, 9)).toBe(NOT_PROVED); // "abc without its quote
    expect(canonicalValueEnd(bytes, 11, 17)).toBe(NOT_PROVED); // {"a":1 without its brace
    expect(canonicalValueEnd(bytes, 11, 18)).toBe(18);
  });
});

/**
 * Writes JSON text of a value: its canonical text except, at most, at one place (the `deviateAt`-th place
 * where text could be written otherwise), where it writes something else of the same meaning, chosen by
 * `pick(n)` (0 <= result < n): whitespace, another order of members, a duplicate member before the real one
 * (JSON.parse keeps the last), another escape of a character, another form of a number.
 */
class VariantWriter {
  /** places seen so far, where the text could have been written otherwise */
  places = 0;

  constructor(
    private readonly deviateAt: number,
    private readonly pick: (n: number) => number,
  ) {}

  private deviates(): boolean {
    return this.places++ === this.deviateAt;
  }

  value(value: unknown): string {
    const space = this.deviates() ? [' ', '\n', '\t', '\r'][this.pick(4)] : '';
    return space + this.bare(value);
  }

  private bare(value: unknown): string {
    if (typeof value === 'number') return this.number(value);
    if (typeof value === 'string') return this.string(value);
    if (typeof value !== 'object' || value === null) return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map((item) => this.value(item)).join(',')}]`;
    const names = Object.keys(value).sort();
    const values = names.map((name) => this.value((value as Record<string, unknown>)[name]));
    const members = names.map((name, k) => `${this.string(name)}:${values[k]}`);
    if (members.length > 1 && this.deviates()) {
      const k = this.pick(members.length - 1);
      [members[k], members[k + 1]] = [members[k + 1], members[k]];
    }
    if (members.length > 0 && this.deviates()) {
      const k = this.pick(members.length);
      members.splice(k, 0, `${this.string(names[k])}:${this.pick(2) === 0 ? '0' : values[k]}`);
    }
    return `{${members.join(',')}}`;
  }

  private number(value: number): string {
    const canonical = JSON.stringify(value);
    if (!this.deviates()) return canonical;
    const forms = [
      value.toExponential(),
      value.toExponential().toUpperCase(),
      canonical.replace('e+', 'e'),
      canonical.replace(/e([+-])/, 'e$10'),
      canonical.includes('.') || canonical.includes('e') ? canonical : `${canonical}.0`,
      canonical.includes('.') && !canonical.includes('e') ? `${canonical}0` : canonical,
      Object.is(value, 0) ? '-0' : canonical,
      // another decimal string that reads as the same double: a last digit one off, or more digits
      canonical.replace(/\d(?=(e.*)?$)/, (digit) => String((Number(digit) + 1) % 10)),
      canonical.replace(/\d(?=(e.*)?$)/, (digit) => String((Number(digit) + 9) % 10)),
      canonical.includes('e') ? canonical : `${canonical}${canonical.includes('.') ? '' : '.'}00000000000000001`,
    ];
    const form = forms[this.pick(forms.length)];
    return Number(form) === value || (form === '-0' && value === 0) ? form : canonical;
  }

  private string(text: string): string {
    let out = '"';
    for (const character of text) {
      const canonical = JSON.stringify(character).slice(1, -1);
      if (!this.deviates()) {
        out += canonical;
        continue;
      }
      const units = [...Array(character.length).keys()].map((k) => character.charCodeAt(k));
      const hex = (unit: number) => unit.toString(16).padStart(4, '0');
      const forms = [
        units.map((unit) => `\\u${hex(unit)}`).join(''),
        units.map((unit) => `\\u${hex(unit).toUpperCase()}`).join(''),
        character === '/' ? '\\/' : canonical,
      ];
      out += forms[this.pick(forms.length)];
    }
    return out + '"';
  }
}

/** JSON text of the value with at most one deviation from its canonical text, at a place `seed` chooses. */
function variantText(value: unknown, seed: number, pick: (n: number) => number): string {
  const counting = new VariantWriter(-1, pick);
  counting.value(value);
  return new VariantWriter(seed % (counting.places + 1), pick).value(value);
}

// Bytes and byte sequences that make text non-canonical, invalid, or change what it means
const MUTATIONS = [
  ' ',
  '\n',
  '\t',
  '"',
  '\\',
  '\\/',
  '\\u0041',
  '\\ud800',
  '\\u00e9',
  '\\u001F',
  '0',
  '1',
  '-',
  '.',
  'e',
  'E',
  '+',
  '1.0',
  '1e2',
  '-0',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  'u',
  'a',
  'A',
  '\u00e9',
  '\u{1f600}',
].map(utf8);
const RAW_MUTATIONS = [
  [0x00],
  [0x1f],
  [0x7f],
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc2],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5],
  [0xff],
].map((b) => Buffer.from(b));

describe('canonical-scan: what it proves is canonical, whatever it is given', () => {
  it('among JSON texts of a value, proves only the canonical one (and, with plain names, that one)', () => {
    let other = 0;
    fc.assert(
      fc.property(jsonValues, fc.nat(), fc.infiniteStream(fc.nat()), (value, seed, stream) => {
        const canonical = canonicalOrUndefined(value);
        fc.pre(canonical !== undefined);
        const text = variantText(value, seed, (n) => stream.next().value % n);
        // the text is JSON of the same value
        expect(canonicalJson(JSON.parse(text))).toBe(canonical);
        const proved = isProvedCanonical(utf8(text));
        if (text !== canonical) other++;
        if (proved) expect(text).toBe(canonical);
        if (text === canonical && namesArePlain(value)) expect(proved).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(other).toBeGreaterThan(1000);
  });

  it('never proves mutated canonical text unless it is the canonical text of what it now holds', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.oneof(
        fc.constantFrom(...MUTATIONS),
        fc.constantFrom(...RAW_MUTATIONS),
        fc.uint8Array({ maxLength: 3 }).map((b) => Buffer.from(b)),
      ),
    });
    fc.assert(
      fc.property(jsonValues, fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, mutations) => {
        const canonical = canonicalOrUndefined(value);
        fc.pre(canonical !== undefined);
        let bytes = utf8(canonical);
        for (const { at, remove, insert } of mutations) {
          const k = at % (bytes.length + 1);
          bytes = Buffer.concat([bytes.subarray(0, k), insert, bytes.subarray(Math.min(bytes.length, k + remove))]);
        }
        if (isProvedCanonical(bytes)) expectCanonical(bytes);
      }),
      { numRuns: 5000 },
    );
  });
});
