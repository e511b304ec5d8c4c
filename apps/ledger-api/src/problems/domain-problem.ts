import { type DomainErrorKind, isDomainError } from '@cip/domain';
import { type FieldError, PROBLEM_TYPE_BASE } from './problem';

export interface DomainProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  rule: string;
  errors?: FieldError[];
}

/** How each kind of domain refusal is answered. */
const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  'illegal-state': 409,
  'not-found': 404,
  concurrency: 409,
};

/**
 * A refusal of the domain as problem details: the type names the rule (`.../problems/account-closed`),
 * `rule` repeats its code, and a validation refusal names its field in `errors` like the DTO checks do.
 * Domain messages name ids and rules, never PII (a rule of libs/domain).
 */
export function domainProblem(error: unknown): DomainProblem | undefined {
  if (!isDomainError(error)) return undefined;
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  return {
    type: PROBLEM_TYPE_BASE + error.code,
    title: error.kind === 'validation' ? 'The request is not valid' : 'The ledger refused the command',
    status: STATUS_BY_KIND[error.kind],
    detail: error.message,
    rule: error.code,
    ...(field !== undefined ? { errors: [{ field, message: error.message }] } : {}),
  };
}
