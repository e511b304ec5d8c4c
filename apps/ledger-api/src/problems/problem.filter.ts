import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WrongExpectedVersionError } from '@cip/event-store';
import { LOGGER, type Logger, describeErrorForLog } from '../observability/logger';
import { API_PROBLEMS, type ApiProblemCode, PROBLEM_TYPE_BASE, type ProblemBody, ProblemException } from './problem';
import { domainProblem } from './domain-problem';

/**
 * The one place errors become HTTP responses: RFC 9457 problem+json with a stable `type` per error and the
 * request's correlation id. Anything not recognised is a bare 500; its details go to the log only.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Answers `request` with the problem `error` stands for; also used by request hooks, which run outside Nest. */
  respond(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const problem = this.toProblem(error, request);
    if (problem.status >= 500) {
      this.logger.error(
        {
          correlationId: request.id,
          method: request.method,
          route: request.routeOptions?.url,
          err: describeErrorForLog(error),
        },
        'request failed with an unexpected error',
      );
    }
    if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }

  private toProblem(error: unknown, request: FastifyRequest): ProblemBody {
    const base = { instance: request.url, correlationId: request.id };
    if (error instanceof ProblemException) {
      return {
        type: PROBLEM_TYPE_BASE + error.code,
        title: error.title,
        status: error.status,
        ...(error.detail !== undefined ? { detail: error.detail } : {}),
        ...base,
        ...error.extensions,
      };
    }
    const domain = domainProblem(error);
    if (domain) return { ...domain, ...base };
    if (error instanceof WrongExpectedVersionError) {
      return apiProblem('concurrency-conflict', base, 'The stream changed while the request was being applied.', {
        currentRevision: error.actual === 'no_stream' ? null : error.actual,
      });
    }
    if (error instanceof HttpException) {
      // terminus answers a failed readiness check with 503 and the state of each check (no PII in it)
      const checks =
        error.getStatus() === 503 && request.url.startsWith('/health') ? { checks: error.getResponse() } : {};
      return apiProblem(httpProblemCode(error), base, httpDetail(error), checks);
    }
    return apiProblem('internal-error', base);
  }
}

function apiProblem(
  code: ApiProblemCode,
  base: { instance: string; correlationId: string },
  detail?: string,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  const { status, title } = API_PROBLEMS[code];
  return { type: PROBLEM_TYPE_BASE + code, title, status, ...(detail ? { detail } : {}), ...base, ...extensions };
}

/** Errors Nest or Fastify raise before our code runs (routing, body parsing, size limit). */
function httpProblemCode(error: HttpException): ApiProblemCode {
  switch (error.getStatus()) {
    case 400:
      return 'malformed-body';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    case 503:
      return 'service-unavailable';
    default:
      return error.getStatus() >= 500 ? 'internal-error' : 'malformed-body';
  }
}

/** A fixed sentence per Fastify error code: their own messages may quote the body. */
function httpDetail(error: HttpException): string | undefined {
  const code = (error.cause as { code?: string } | undefined)?.code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The body is larger than the configured limit (LEDGER_BODY_LIMIT_BYTES).';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send application/json (or application/x-ndjson for bulk access records).';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The body is empty.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The body is not valid JSON.';
    default:
      if (error.getStatus() === 404) return 'No route matches this method and path.';
      if (error.getStatus() === 400 && error.cause instanceof SyntaxError) return 'The body is not valid JSON.';
      return undefined;
    case undefined:
      return error.getStatus() === 404 ? 'No route matches this method and path.' : undefined;
  }
}
