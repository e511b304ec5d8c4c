/**
 * RFC 8785 (JCS) canonical JSON text of a JSON value.
 *
 * Hand-written rather than the `canonicalize` package because verification re-canonicalises every record
 * and the package was about half as fast on ledger records (see docs/integrity-format.md, "Performance").
 * canonical-json.spec.ts proves the two equal over arbitrary JSON values. RFC 8785 needs nothing beyond
 * what ECMAScript already provides:
 * - numbers: ECMAScript Number-to-String, which JSON.stringify applies (RFC 8785 section 3.2.2.3);
 * - strings: JSON.stringify's escaping (section 3.2.2.2); lone surrogates are rejected (I-JSON);
 * - object members sorted by UTF-16 code units, which is what Array.prototype.sort does by default.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${String(value)} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return canonicalArray(value);
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return canonicalJson((value as { toJSON(): unknown }).toJSON());
      }
      return canonicalObject(value as Record<string, unknown>);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw new TypeError(`a ${typeof value} is not a JSON value`);
  }
}

/**
 * The same text as canonicalJson, faster for values as JSON.parse returns them. When every object's members are
 * already in RFC 8785 order (which is how canonical text parses back) and nothing else differs, the canonical
 * text is what the engine's native JSON.stringify writes, several times faster than canonicalJson's own
 * walk; anything else goes through canonicalJson. canonical-json.spec.ts proves the two equal, also on values
 * with shuffled members and on unicode text.
 */
export function canonicalJsonOfParsed(value: unknown): string {
  if (!isStringifiedCanonically(value)) return canonicalJson(value);
  const text = JSON.stringify(value);
  // a lone surrogate is written as an escape \udXXX; canonicalJson rejects it (or clears the false alarm)
  return text.includes('\\ud') ? canonicalJson(value) : text;
}

/**
 * True when JSON.stringify(value) is already the RFC 8785 text of value: every object (at any depth) a plain
 * one whose enumeration order (the order JSON.stringify writes, integer-like names first) is UTF-16 code unit
 * order, and no member JSON.stringify would write otherwise than canonicalJson (non-finite numbers, bigints,
 * toJSON methods, boxed primitives or other class instances). Lone surrogates are left to the caller: they
 * show in JSON.stringify's text as an escape.
 */
export function isStringifiedCanonically(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isStringifiedCanonically(value[i])) return false;
        return true;
      }
      return isPlainObjectInCanonicalOrder(value as Record<string, unknown>);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return false;
  }
}

function isPlainObjectInCanonicalOrder(object: Record<string, unknown>): boolean {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (typeof object.toJSON === 'function') return false;
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    // string < compares UTF-16 code units, the order of RFC 8785 section 3.2.3
    if (i > 0 && !(keys[i - 1] < keys[i])) return false;
    const member = object[keys[i]];
    switch (typeof member) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (Number.isFinite(member)) continue;
        return false;
      case 'object':
        if (member === null || isStringifiedCanonically(member)) continue;
        return false;
      case 'bigint':
      case 'function':
      case 'symbol':
      case 'undefined':
        return false;
    }
  }
  return true;
}

function canonicalArray(values: unknown[]): string {
  let text = '[';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ',';
    const item = values[i];
    // as JSON.stringify does: holes, undefined and functions in arrays become null
    text += item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 'null' : canonicalJson(item);
  }
  return text + ']';
}

function canonicalObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    // as JSON.stringify does: undefined, function and symbol members are left out
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    if (!first) text += ',';
    first = false;
    text += canonicalString(key) + ':' + canonicalJson(member);
  }
  return text + '}';
}

function canonicalString(text: string): string {
  const json = JSON.stringify(text);
  // JSON.stringify writes a lone surrogate as the escape \udXXX; only then (or for a literal backslash before
  // "ud", a false alarm the exact check clears) is the string scanned.
  if (json.includes('\\ud') && hasLoneSurrogate(text))
    throw new TypeError('a lone surrogate is not allowed in JSON text');
  return json;
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}
