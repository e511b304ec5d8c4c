import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { registerJsonBodyParser } from './common/json-body-parser';
import { registerNdjsonParser } from './access/ndjson-parser';
import { AppModule } from './app.module';
import { JsonValidationPipe, SERVICE_VALIDATION_OPTIONS } from './common/json-validation.pipe';
import { cacheValidationMetadata } from './common/validation-metadata-cache';
import type { LedgerConfig } from './config/ledger-config';
import { IdempotencyHooks } from './idempotency/idempotency.hooks';
import { MetricsService } from './observability/metrics.service';
import { NestPinoLogger, createLogger } from './observability/logger';
import { type ResourceOverrides, openResources } from './setup/open-resources';
import { apiKeysNotice, provisionDataDir } from './setup/provision-data-dir';
import type { AuthenticatedRequest } from './auth/api-key.guard';

/** A caller's correlation id is kept when it is short and plain; anything else is replaced (it goes into logs). */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CreateAppOptions extends ResourceOverrides {
  /** where the one-time API-key notice goes (default stdout) */
  announce?: (text: string) => void;
}

/**
 * Builds the HTTP application (not yet listening); shared by `npm start`, `cip-ledger serve`, the e2e
 * tests and the benchmarks. Creates what a fresh embedded install lacks, opens the stores, and wires
 * correlation ids, request logs and metrics into Fastify.
 */
export async function createApp(config: LedgerConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel);
  const provisioned = provisionDataDir(config);
  if (provisioned.createdKeyFiles.length > 0) {
    logger.warn(
      { files: provisioned.createdKeyFiles },
      'created a master key and a checkpoint signing key: back them up',
    );
  }
  if (provisioned.generatedApiKeys.length > 0) {
    (options.announce ?? ((text) => process.stdout.write(text)))(
      apiKeysNotice(provisioned.generatedApiKeys, config.apiKeysFile),
    );
  }
  const resources = await openResources(config, logger, options);
  cacheValidationMetadata();

  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(resources), adapter, {
    logger: config.logLevel === 'silent' ? false : new NestPinoLogger(logger),
    // Nest would add a parser of form (x-www-form-urlencoded) bodies and wrap Fastify's JSON parser
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // JSON bodies (common/json-body-parser.ts), NDJSON on the bulk route (below), and nothing else: Fastify's
  // text/plain parser would hand a string to the routes, so such a body gets 415 like any other type
  fastify.removeContentTypeParser('text/plain');
  registerJsonBodyParser(fastify, config.bodyLimitBytes);
  const metrics = app.get(MetricsService);
  // callback-style hooks: an async hook costs a promise per request and hook for nothing here
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-correlation-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: request.method, route, status_code: reply.statusCode }, seconds);
    // no body, no headers, no query: the route pattern, not the URL, so ids in paths stay out too
    if (logger.isLevelEnabled('info')) {
      logger.info(
        {
          correlationId: request.id,
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          actor: (request as AuthenticatedRequest).principal?.keyId,
        },
        'request',
      );
    }
    done();
  });
  registerNdjsonParser(fastify, config.bodyLimitBytes);
  app.get(IdempotencyHooks).register(fastify);

  app.useGlobalPipes(new JsonValidationPipe(SERVICE_VALIDATION_OPTIONS));
  const openApi = new DocumentBuilder()
    .setTitle('cip-ledger')
    .setDescription(
      'Event-sourced, tamper-evident audit ledger for IaaS Customer Identification Programs. Command endpoints (/v1) take a provider API key as Bearer token; errors are RFC 9457 problem+json. See docs/api.md.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  app.enableShutdownHooks();
  return app;
}
