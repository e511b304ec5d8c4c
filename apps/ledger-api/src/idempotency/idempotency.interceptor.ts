import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, from, lastValueFrom } from 'rxjs';
import { canonicalJson } from '@cip/integrity';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { MetricsService } from '../observability/metrics.service';
import { ProblemException, type ProblemKind } from '../problems/problem';
import { CLOCK, type Clock } from '../tokens';
import { IdempotencyStore } from './idempotency.store';
import { readIdempotencyKey } from '../ledger/command-headers';
import { PerKeyQueue } from '../common/per-key-queue';

/**
 * Idempotency-Key on POST: the first request with a key runs and its answer is stored; a retry with the
 * same key and the same method, path and body gets that answer again (header `Idempotent-Replayed: true`)
 * and appends nothing; the same key with another request is a 422. Keys belong to the API key that sent
 * them. Concurrent requests with one key run one after the other, so the second sees the first's answer.
 * Failed requests are not stored: they appended nothing, so running them again is safe.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** requests with one key run one after the other */
  private readonly inFlight = new PerKeyQueue();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly metrics: MetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.method === 'POST' ? readIdempotencyKey(request.headers) : undefined;
    if (key === undefined || !request.principal) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const actor = request.principal.keyId;
    const requestHash = hashRequest(request.method, request.url, request.body);
    const slot = `${actor}\n${key}`;
    const run = async (): Promise<unknown> => {
      const stored = this.store.find(actor, key);
      if (stored) {
        if (stored.requestHash !== requestHash) {
          throw new ProblemException(
            'idempotency-key-reused',
            'This Idempotency-Key was first used with another method, path or body; use a new key for a new request.',
          );
        }
        this.metrics.idempotentReplays.inc();
        void reply.header('idempotent-replayed', 'true');
        if (stored.status >= 400) {
          const problem = stored.body as StoredProblem;
          throw new ProblemException(problem.kind, problem.detail, problem.extensions);
        }
        void reply.status(stored.status);
        return stored.body;
      }
      try {
        const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
        this.store.save(actor, key, { requestHash, status: reply.statusCode, body }, this.clock.now());
        return body;
      } catch (error) {
        if (error instanceof ProblemException && error.extensions.recorded === true) {
          const problem: StoredProblem = { kind: error.kind, detail: error.detail, extensions: error.extensions };
          this.store.save(actor, key, { requestHash, status: error.status, body: problem }, this.clock.now());
        }
        throw error;
      }
    };
    const current = this.inFlight.run(slot, run);
    return from(current);
  }
}

/** A refusal that was recorded in the ledger, kept so a replay answers it the same way. */
interface StoredProblem {
  kind: ProblemKind;
  detail?: string;
  extensions: ProblemException['extensions'];
}

/** SHA-256 over method, path and the RFC 8785 form of the parsed body, so key order and spacing don't matter. */
export function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(canonicalJson(body ?? null))
    .digest('hex');
}
