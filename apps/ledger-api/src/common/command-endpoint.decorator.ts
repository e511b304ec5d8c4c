import { HttpCode, Post, applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import type { ApiRole } from '../config/ledger-config';
import type { IdempotentRouteConfig } from '../idempotency/idempotency.hooks';
import { AppendResponseDto, ProblemDto } from './append-response.dto';

/** Who may call a command endpoint: provider services. One list for the guard and the Idempotency-Key hook. */
export const COMMAND_ROLES: readonly ApiRole[] = ['provider'];

/** What every command route is: a POST for providers that honours Idempotency-Key. */
const CommandRoute = (path: string) =>
  applyDecorators(
    Post(path),
    Roles(...COMMAND_ROLES),
    RouteConfig({ idempotentFor: COMMAND_ROLES } satisfies IdempotentRouteConfig),
  );

/** The headers every command endpoint reads. */
export const ApiCommandHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any 1-255 printable ASCII characters, unique per request. A retry with the same key and body appends nothing and gets the original response; the same key with another body is a 422.',
    }),
  );

/** The problem responses every command endpoint can give (RFC 9457 problem+json). */
export const ApiCommandProblems = () =>
  applyDecorators(
    ApiBadRequestResponse({ type: ProblemDto, description: 'Malformed input: `errors` names every bad field' }),
    ApiUnauthorizedResponse({ type: ProblemDto, description: 'No valid API key (Authorization: Bearer <key>)' }),
    ApiForbiddenResponse({ type: ProblemDto, description: 'The key is not of the provider role' }),
    ApiNotFoundResponse({ type: ProblemDto, description: 'The command names something the ledger does not know' }),
    ApiConflictResponse({
      type: ProblemDto,
      description:
        'A rule of the ledger refused the command (`rule` names it), or If-Match did not hold (`currentRevision`)',
    }),
    ApiPayloadTooLargeResponse({ type: ProblemDto, description: 'The body is over the size limit' }),
    ApiUnprocessableEntityResponse({
      type: ProblemDto,
      description: 'The Idempotency-Key was used for another request',
    }),
  );

/** POST route of one command on one stream: 201 with the appended records. */
export function CommandEndpoint(path: string, summary: string, description: string) {
  return applyDecorators(
    CommandRoute(path),
    HttpCode(201),
    ApiOperation({ summary, description }),
    ApiCreatedResponse({ type: AppendResponseDto, description: 'The records were appended' }),
    ApiCommandHeaders(),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The stream revision you expect (e.g. 3, or "3"); the command is applied only at exactly that revision, else 409 with currentRevision and nothing is retried.',
    }),
    ApiCommandProblems(),
  );
}
