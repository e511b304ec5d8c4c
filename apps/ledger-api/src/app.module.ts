import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { HealthModule } from './health/health.module';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
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
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
