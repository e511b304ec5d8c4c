import { ValidationPipe } from '@nestjs/common';

/**
 * Nest's ValidationPipe without two walks that cannot find anything in this service's input, which they
 * cost a few percent of a command request to look for. Every value the pipe validates is a route parameter
 * or query value (a string) or a body parsed from JSON (Fastify's parser; the NDJSON route takes an untyped
 * body, which the pipe does not validate), and JSON has neither sparse arrays nor binary values.
 * Were a parser for other media types (multipart, octet-stream) ever registered, this class must go.
 * Prototype keys are still stripped: JSON can carry a `constructor` member.
 */
export class JsonValidationPipe extends ValidationPipe {
  /** JSON arrays have no gaps to close */
  protected override closeArrayGaps(): void {}

  /** JSON holds no Buffer, typed array or ArrayBuffer */
  protected override findNestedBinaryValues(): [] {
    return [];
  }
}
