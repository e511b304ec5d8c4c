import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { LedgerConfig } from './config/ledger-config';

/** Builds the HTTP application (not yet listening); shared by `npm start`, `cip-ledger serve` and e2e tests. */
export async function createApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: config.logLevel === 'silent' ? false : ['error', 'warn'],
  });
  const openApi = new DocumentBuilder()
    .setTitle('cip-ledger')
    .setDescription('Event-sourced, tamper-evident audit ledger for IaaS Customer Identification Programs')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  app.enableShutdownHooks();
  return app;
}
