import type { IncomingHttpHeaders } from 'node:http';
import { ProblemException } from '../problems/problem';

/** Printable ASCII, 1-255 characters: enough for a UUID or any caller-made key, nothing that needs escaping. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header, or undefined when absent; 400 when present but unusable. */
export function readIdempotencyKey(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new ProblemException(
      'invalid-header',
      'Idempotency-Key must be 1-255 printable ASCII characters without spaces.',
      {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters without spaces' }],
      },
    );
  }
  return value;
}

/** If-Match: the stream revision the caller expects (`3` or `"3"`), or undefined when absent. */
export function readIfMatch(headers: IncomingHttpHeaders): number | undefined {
  const value = headers['if-match'];
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^\s*"?(\d{1,15})"?\s*$/.exec(value) : null;
  if (!match) {
    throw new ProblemException('invalid-header', 'If-Match must be the stream revision you expect, e.g. If-Match: 3.', {
      errors: [{ field: 'If-Match', message: 'must be a stream revision (a whole number)' }],
    });
  }
  return Number(match[1]);
}
