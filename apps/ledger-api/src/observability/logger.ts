import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/ledger-config';

/** Injection token of the service's pino logger. */
export const LOGGER = Symbol('LOGGER');
export type { Logger };

/**
 * Structured JSON logs on stdout. What goes in is chosen at each call site: request lines carry method,
 * route, status, duration, actor and correlation id, never bodies, headers or error messages that could
 * hold PII (see docs/api.md, "Logs").
 */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'cip-ledger' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** Routes Nest's own messages (start-up, module errors) into the same JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, stackOrContext?: string, context?: string) {
    this.logger.error({ context: context ?? stackOrContext }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string) {
    this.logger.fatal({ context }, String(message));
  }
}

/**
 * What an unexpected error may say in the log: its class, code and stack frames, but not its message,
 * which can quote input (a driver echoing a value, a parser quoting the body).
 */
export function describeErrorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: frames.join('\n'),
    ...(error.cause !== undefined ? { cause: describeErrorForLog(error.cause) } : {}),
  };
}
