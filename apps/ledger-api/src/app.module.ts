import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { HealthModule } from './health/health.module';
import { IdempotencyHooks } from './idempotency/idempotency.hooks';
import { InvestigationsModule } from './investigations/investigations.module';
import { LedgerModule, type LedgerResources } from './ledger/ledger.module';
import { MetricsController } from './observability/metrics.controller';
import { ProblemFilter } from './problems/problem.filter';
import { ResellersModule } from './resellers/resellers.module';
import { SpecialMeasuresModule } from './special-measures/special-measures.module';

@Module({})
export class AppModule {
  static forRoot(resources: LedgerResources): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerModule.forRoot(resources),
        CqrsModule.forRoot(),
        HealthModule,
        AccountsModule,
        AccessModule,
        ResellersModule,
        SpecialMeasuresModule,
        InvestigationsModule,
        AuditModule,
      ],
      controllers: [MetricsController],
      providers: [
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        ProblemFilter,
        { provide: APP_FILTER, useExisting: ProblemFilter },
        // Idempotency-Key is handled in Fastify hooks (registered by createApp), not by a Nest interceptor
        IdempotencyHooks,
      ],
    };
  }
}
