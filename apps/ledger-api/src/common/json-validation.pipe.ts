import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { validationProblem } from '../problems/validation-errors';
import { NOT_PROVEN, ValidationFastPath } from './validation-fast-path';

/**
 * The options the service validates with (bootstrap.ts): unknown members are errors, values become DTO
 * instances, the first error per member is reported, as RFC 9457 problems. The specs build their pipes from
 * this same object, so they test what runs.
 */
export const SERVICE_VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  stopAtFirstError: true,
  exceptionFactory: validationProblem,
} as const satisfies ValidationPipeOptions;

/**
 * Nest's ValidationPipe, made cheaper for this service's input in two ways.
 *
 * A value that the fast path proves valid for its DTO class is answered with the instances class-transformer
 * would have built, without class-transformer and class-validator's general machinery (which cost most of
 * the pipe's time); every other value, and so every error, goes through Nest's full path unchanged
 * (validation-fast-path.ts, docs/adr/0019-validation-fast-path.md).
 *
 * The full path skips two walks that cannot find anything here. Every value the pipe validates is a route
 * parameter or query value (a string) or a body parsed from JSON (json-body-parser.ts; the service registers
 * no parser of other media types but NDJSON, whose route takes an untyped body the pipe does not validate),
 * and JSON has neither sparse arrays nor binary values. Were a parser for other media types (multipart,
 * octet-stream) ever registered, this class must go. Prototype keys are still stripped, though the JSON
 * parser already refuses bodies that have them.
 */
export class JsonValidationPipe extends ValidationPipe {
  /** undefined when the options make the pipe decide otherwise than the fast path proves (e.g. groups) */
  private readonly fastPath: ValidationFastPath | undefined;

  constructor(options?: ValidationPipeOptions) {
    super(options);
    this.fastPath = ValidationFastPath.forOptions(options);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.fastPath !== undefined && this.toValidate(metadata)) {
      const proven = this.fastPath.prove(value, metadata.metatype);
      // still a promise, as the full path answers
      if (proven !== NOT_PROVEN) return Promise.resolve(proven);
    }
    return super.transform(value, metadata);
  }

  /** JSON arrays have no gaps to close */
  protected override closeArrayGaps(): void {}

  /** JSON holds no Buffer, typed array or ArrayBuffer */
  protected override findNestedBinaryValues(): [] {
    return [];
  }
}
