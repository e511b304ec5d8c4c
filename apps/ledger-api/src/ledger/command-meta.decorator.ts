import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { readIdempotencyKey, readIfMatch } from './command-headers';
import type { CommandMeta } from './ledger-writer.service';

/** The caller's key id, the correlation id and the Idempotency-Key / If-Match headers of a command request. */
export const CommandMetaOf = createParamDecorator((_data: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('command route reached without an authenticated principal');
  return {
    actor: request.principal.keyId,
    correlationId: request.id,
    idempotencyKey: readIdempotencyKey(request.headers),
    expectedRevision: readIfMatch(request.headers),
  };
});
