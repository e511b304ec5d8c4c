import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { Public } from '../auth/roles.decorator';
import { LEDGER_CONFIG } from '../tokens';
import type { LedgerConfig } from '../config/ledger-config';
import { ProblemException } from '../problems/problem';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly guard: ApiKeyGuard,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** Public only when LEDGER_METRICS_PUBLIC=true; otherwise an admin key is needed (scrapers send it as Bearer). */
  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (admin key unless LEDGER_METRICS_PUBLIC=true)' })
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async scrape(@Req() request: FastifyRequest): Promise<string> {
    if (!this.config.metricsPublic) {
      const principal = this.guard.authenticate(request);
      if (principal.role !== 'admin') {
        throw new ProblemException(
          'forbidden',
          `Metrics are for the admin role; key ${principal.keyId} has the ${principal.role} role.`,
        );
      }
    }
    return this.metrics.registry.metrics();
  }
}
