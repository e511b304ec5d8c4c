import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem';
import { ProblemException } from './problem';

/**
 * Flattens class-validator's tree into one entry per bad member, named by its path in the body
 * (`customer.address.country`, `paymentMeans.0.method`); used as the ValidationPipe's exceptionFactory.
 */
export function validationProblem(errors: ValidationError[]): ProblemException {
  const fieldErrors: FieldError[] = [];
  const walk = (error: ValidationError, prefix: string) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      fieldErrors.push({ field, message: message.replace(/^property /, '') });
    }
    for (const child of error.children ?? []) walk(child, field);
  };
  for (const error of errors) walk(error, '');
  return fieldsProblem(fieldErrors);
}

/** The 400 `validation-failed` naming each bad member, with the detail every validation answer has. */
export function fieldsProblem(fieldErrors: FieldError[]): ProblemException {
  return new ProblemException(
    'validation-failed',
    `${fieldErrors.length} field(s) are not valid: ${[...new Set(fieldErrors.map((e) => e.field))].join(', ')}`,
    { errors: fieldErrors },
  );
}
