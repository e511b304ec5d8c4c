import { createHash } from 'node:crypto';
import { finished } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '@cip/integrity';
import { ApiKeyRegistry } from '../auth/api-key';
import { bearerKey } from '../auth/api-key.guard';
import type { ApiRole } from '../config/ledger-config';
import { PerKeyQueue } from '../common/per-key-queue';
import { LOGGER, type Logger, describeErrorForLog } from '../observability/logger';
import { MetricsService } from '../observability/metrics.service';
import { PROBLEM_TYPE_BASE, type ProblemBody, ProblemException, type ProblemKind } from '../problems/problem';
import { ProblemFilter } from '../problems/problem.filter';
import { CLOCK, type Clock } from '../tokens';
import { IdempotencyStore } from './idempotency.store';

/** Fastify route config of the routes that honour Idempotency-Key (set by CommandEndpoint). */
export interface IdempotentRouteConfig {
  /** the roles that may call the route: the same list its guard enforces */
  idempotentFor?: readonly ApiRole[];
}

/** A request whose key was not used before: its answer is kept when it is sent. */
interface FirstUse {
  actor: string;
  key: string;
  requestHash: string;
}

const FIRST_USE = Symbol('idempotency first use');
type TrackedRequest = FastifyRequest & { [FIRST_USE]?: FirstUse };

/** Printable ASCII, 1-255 characters; a malformed key is left to the route, which answers it with a 400. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key on the command routes: the first request with a key runs and its answer is kept; a retry
 * with the same key and the same method, path and body gets that answer again (header
 * `Idempotent-Replayed: true`) and appends nothing; the same key with another request is a 422. Keys belong
 * to the API key that sent them. Concurrent requests with one key run one after the other, so the second
 * sees the first's answer. Failed requests are not kept (they appended nothing, so running them again is
 * safe), except refusals that were themselves recorded in the ledger (`recorded: true`), which a replay
 * answers the same way rather than deciding anew.
 *
 * Why Fastify hooks rather than a Nest interceptor: a global interceptor makes Nest wrap every route's
 * result in RxJS, requests without a key included, which cost about a quarter of a command request's CPU
 * (docs/adr/0016-api-hot-path-performance.md). The hooks do nothing for a request without a key.
 *
 * Order: the hook runs before Nest's guard. It acts only for a key that is valid and of a role the route
 * allows; anything else goes on untouched, and the guard answers 401 or 403 as for any request. So a replay
 * is only ever given to a caller the guard would let through.
 */
@Injectable()
export class IdempotencyHooks {
  /** requests with one (API key, Idempotency-Key) run one after the other */
  private readonly inFlight = new PerKeyQueue();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly metrics: MetricsService,
    @Inject(ApiKeyRegistry) private readonly keys: ApiKeyRegistry,
    private readonly problems: ProblemFilter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  register(fastify: FastifyInstance): void {
    // callback-style hooks: an async hook costs a promise per request, and most requests carry no key
    fastify.addHook('preHandler', (request, reply, done) => {
      const firstUse = this.admit(request, reply);
      if (firstUse === undefined) return done();
      firstUse.then(
        (proceed) => {
          if (proceed) done();
        },
        (error: unknown) => this.problems.respond(error, request, reply),
      );
    });
    fastify.addHook('onSend', (request: TrackedRequest, reply, payload, done) => {
      const firstUse = request[FIRST_USE];
      if (firstUse !== undefined) {
        request[FIRST_USE] = undefined;
        try {
          this.keep(firstUse, reply.statusCode, payload);
        } catch (error) {
          // the answer is still right, only not kept: a retry finds its records by their derived ids instead
          this.logger.error(
            { correlationId: request.id, err: describeErrorForLog(error) },
            'could not keep the answer of an Idempotency-Key request',
          );
        }
      }
      done(null, payload);
    });
  }

  /**
   * Undefined when the request is none of this hook's business; otherwise a promise that resolves, once
   * earlier requests with the key are answered, to true (run the route) or false (answered here).
   */
  private admit(request: TrackedRequest, reply: FastifyReply): Promise<boolean> | undefined {
    if (request.method !== 'POST') return undefined;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return undefined;
    const allowed = (request.routeOptions.config as IdempotentRouteConfig).idempotentFor;
    if (allowed === undefined) return undefined;
    const presented = bearerKey(request.headers.authorization);
    const principal = presented === undefined ? undefined : this.keys.authenticate(presented);
    if (principal === undefined || !allowed.includes(principal.role)) return undefined;

    const firstUse: FirstUse = {
      actor: principal.keyId,
      key,
      requestHash: hashRequest(request.method, request.url, request.body),
    };
    return this.turnOf(`${firstUse.actor}\n${key}`, reply).then(() => {
      const stored = this.store.find(firstUse.actor, key);
      if (stored === undefined) {
        request[FIRST_USE] = firstUse;
        return true;
      }
      if (stored.requestHash !== firstUse.requestHash) {
        throw new ProblemException(
          'idempotency-key-reused',
          'This Idempotency-Key was first used with another method, path or body; use a new key for a new request.',
        );
      }
      this.metrics.idempotentReplays.inc();
      void reply.header('idempotent-replayed', 'true');
      if (stored.status >= 400) {
        const problem = JSON.parse(stored.body) as StoredProblem;
        this.problems.respond(new ProblemException(problem.kind, problem.detail, problem.extensions), request, reply);
      } else {
        void reply.status(stored.status).type('application/json; charset=utf-8').send(stored.body);
      }
      return false;
    });
  }

  /**
   * Resolves when every earlier request with this slot has been answered; the slot is held until this
   * request's response is finished or its connection closed. A client that gives up early frees the slot
   * while its command may still run: the record ids derived from the key keep a second run from appending
   * again (docs/adr/0010-api-idempotency-and-if-match.md).
   */
  private turnOf(slot: string, reply: FastifyReply): Promise<void> {
    return new Promise((turn) => {
      void this.inFlight.run(slot, () => {
        turn();
        return new Promise<void>((release) => finished(reply.raw, () => release()));
      });
    });
  }

  /** Keeps the answer of a key's first request: a success, or a refusal that was recorded in the ledger. */
  private keep(firstUse: FirstUse, status: number, payload: unknown): void {
    if (typeof payload !== 'string') return;
    let body = payload;
    if (status >= 400) {
      const recorded = recordedProblem(payload);
      if (recorded === undefined) return;
      body = JSON.stringify(recorded);
    }
    this.store.save(
      firstUse.actor,
      firstUse.key,
      { requestHash: firstUse.requestHash, status, body },
      this.clock.now(),
    );
  }
}

/** A refusal that was recorded in the ledger, kept so a replay answers it the same way. */
interface StoredProblem {
  kind: ProblemKind;
  detail?: string;
  extensions: ProblemException['extensions'];
}

/** The problem+json text's refusal when it says `recorded: true`, without the members that belong to one request. */
function recordedProblem(payload: string): StoredProblem | undefined {
  const problem = JSON.parse(payload) as ProblemBody;
  if (problem.recorded !== true || !problem.type.startsWith(PROBLEM_TYPE_BASE)) return undefined;
  const extensions: Record<string, unknown> = { ...problem };
  for (const member of ['type', 'title', 'status', 'detail', 'instance', 'correlationId']) delete extensions[member];
  return {
    kind: { code: problem.type.slice(PROBLEM_TYPE_BASE.length), status: problem.status, title: problem.title },
    ...(problem.detail !== undefined ? { detail: problem.detail } : {}),
    extensions,
  };
}

/** SHA-256 over method, path and the RFC 8785 form of the parsed body, so key order and spacing don't matter. */
export function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(canonicalJson(body ?? null))
    .digest('hex');
}
