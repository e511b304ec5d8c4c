/**
 * Typed domain errors. `kind` says how a transport should answer (the API maps validation -> 400,
 * illegal-state -> 409, not-found -> 404, concurrency -> 409/412); `code` is a stable kebab-case name
 * of the rule that refused, safe to show to clients and to match on in tests.
 */
export type DomainErrorKind = 'validation' | 'illegal-state' | 'not-found' | 'concurrency';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    readonly code: string,
    message: string,
    /** extra machine-readable facts (e.g. the field that was invalid); never PII */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command is malformed in a way only the domain can tell (ranges, dates, formats). */
export class ValidationError extends DomainError {
  readonly kind = 'validation';
}

/** The command is well-formed but the stream's state forbids it (closed account, resolved flag, ...). */
export class IllegalStateError extends DomainError {
  readonly kind = 'illegal-state';
}

/** The command names something that does not exist (account, subject, flag, hold, reseller, ...). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** The caller decided against a revision that is no longer the stream's current one. */
export class ConcurrencyError extends DomainError {
  readonly kind = 'concurrency';
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/**
 * The error a command handler raises when a stream moved on between its read and its append and it will
 * not retry (a client-supplied If-Match revision); the domain itself never sees revisions.
 */
export function wrongExpectedRevision(
  stream: string,
  expected: number | 'no_stream',
  actual: number | 'no_stream',
): ConcurrencyError {
  return new ConcurrencyError(
    'wrong-expected-revision',
    `stream ${stream} is at revision ${String(actual)}, not the expected ${String(expected)}: re-read and retry`,
    { stream, expected, actual },
  );
}
