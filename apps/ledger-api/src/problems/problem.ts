/** Base of every problem type URI; the last segment is the stable code (RFC 9457 `type`). */
export const PROBLEM_TYPE_BASE = 'https://cip-ledger.dev/problems/';

/** One bad input member: `field` is its path in the body (`customer.email`, `[3].ip`). */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as this API sends them. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  correlationId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The problems the API layer itself raises (domain refusals carry their own codes). */
export const API_PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-body': { status: 400, title: 'The request body cannot be parsed' },
  'invalid-header': { status: 400, title: 'A request header is not valid' },
  unauthenticated: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'This API key may not call this endpoint' },
  'not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'revision-mismatch': { status: 409, title: 'The stream is not at the revision given in If-Match' },
  'concurrency-conflict': { status: 409, title: 'Concurrent writers kept changing the stream' },
  'account-opening-declined': { status: 409, title: 'The account opening was declined; the attempt is recorded' },
  'payload-too-large': { status: 413, title: 'The request is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was already used with a different request',
  },
  'internal-error': { status: 500, title: 'Internal error' },
  'service-unavailable': { status: 503, title: 'The service cannot serve this request now' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ApiProblemCode = keyof typeof API_PROBLEMS;

/**
 * Thrown anywhere in the API layer; the exception filter turns it into problem+json. A problem with
 * `recorded: true` in its extensions reports a refusal that was itself appended (a declined opening), so
 * Idempotency-Key replays answer it again rather than deciding anew.
 */
export class ProblemException extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;

  constructor(
    /** an API problem code, or a problem of the domain's (code, status, title) */
    problem: ApiProblemCode | ProblemKind,
    readonly detail?: string,
    readonly extensions: { errors?: FieldError[]; [member: string]: unknown } = {},
  ) {
    const kind = typeof problem === 'string' ? { code: problem, ...API_PROBLEMS[problem] } : problem;
    super(detail ?? kind.title);
    this.name = 'ProblemException';
    this.code = kind.code;
    this.status = kind.status;
    this.title = kind.title;
  }

  get kind(): ProblemKind {
    return { code: this.code, status: this.status, title: this.title };
  }
}

export interface ProblemKind {
  code: string;
  status: number;
  title: string;
}
