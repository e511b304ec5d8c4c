import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { BulkAppendResponseDto } from '../common/append-response.dto';
import { ApiCommandProblems } from '../common/command-endpoint.decorator';
import { CommandEndpoint } from '../common/command-endpoint.decorator';
import type { LedgerConfig } from '../config/ledger-config';
import { CommandMetaOf } from '../ledger/command-meta.decorator';
import type { CommandMeta } from '../ledger/ledger-writer.service';
import { ProblemException } from '../problems/problem';
import { LEDGER_CONFIG } from '../tokens';
import { validateAccessRecords } from './access-record.validation';
import { RecordAccessBatchCommand } from './commands';
import { AccessRecordDto } from './dto/access-record.dto';

@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/access-records')
export class AccessController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @CommandEndpoint(
    '',
    'Record accesses in bulk',
    'Appends AccessRecorded records for any number of accounts: a JSON array, or NDJSON (one record per line), of up to LEDGER_BULK_MAX_RECORDS (10,000) records. Each is checked (the field names its index, e.g. [3].ip); every record is accepted or none is appended. Accesses after an account closure are refused. If-Match does not apply here.',
  )
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ type: [AccessRecordDto], description: 'Access records, as a JSON array or NDJSON lines' })
  @ApiCreatedResponse({ type: BulkAppendResponseDto, description: 'Every record was appended' })
  @ApiCommandProblems()
  async recordAccesses(@Body() body: unknown, @CommandMetaOf() meta: CommandMeta): Promise<BulkAppendResponseDto> {
    if (meta.expectedRevision !== undefined) {
      throw new ProblemException(
        'invalid-header',
        'If-Match names one stream; a bulk request writes many, so it is not accepted here.',
      );
    }
    const records = validateAccessRecords(body, this.config.bulkMaxRecords);
    const outcome = await this.commandBus.execute(new RecordAccessBatchCommand(records, meta));
    return {
      appended: outcome.appended,
      streams: outcome.streams.map((stream) => ({ ...stream, position: stream.position.toString() })),
    };
  }
}
