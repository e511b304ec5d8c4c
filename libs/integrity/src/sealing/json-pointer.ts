/** RFC 6901 JSON pointers: just the parts sealing needs (read and replace an existing member). */

export class JsonPointerError extends Error {
  override readonly name = 'JsonPointerError';
}

/** The reference tokens of a pointer (`/a~1b/0` -> ['a/b', '0']). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPointerError(`a JSON pointer starts with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) throw new JsonPointerError(`bad escape in JSON pointer ${pointer}`);
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function child(
  container: unknown,
  token: string,
  pointer: string,
): { parent: Record<string, unknown> | unknown[]; key: string | number } {
  if (Array.isArray(container)) {
    if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= container.length) {
      throw new JsonPointerError(`${pointer}: no array element ${token}`);
    }
    return { parent: container, key: Number(token) };
  }
  if (typeof container === 'object' && container !== null && Object.prototype.hasOwnProperty.call(container, token)) {
    return { parent: container as Record<string, unknown>, key: token };
  }
  throw new JsonPointerError(`${pointer}: no member ${JSON.stringify(token)}`);
}

/** The value at `pointer` in `document`; throws JsonPointerError when it does not exist. */
export function getAtPointer(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of pointerTokens(pointer)) {
    const { parent, key } = child(value, token, pointer);
    value = (parent as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Replaces the existing value at `pointer` (not the root) in place. */
export function replaceAtPointer(document: unknown, pointer: string, replacement: unknown): void {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) throw new JsonPointerError('the whole document cannot be replaced in place');
  let value = document;
  for (const token of tokens.slice(0, -1)) {
    const { parent, key } = child(value, token, pointer);
    value = (parent as Record<string | number, unknown>)[key];
  }
  const { parent, key } = child(value, tokens[tokens.length - 1], pointer);
  (parent as Record<string | number, unknown>)[key] = replacement;
}
