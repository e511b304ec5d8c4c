import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccessIngest, type BulkOutcome } from '../access-ingest.service';
import { RecordAccessBatchCommand } from './record-access-batch.command';

@CommandHandler(RecordAccessBatchCommand)
export class RecordAccessBatchHandler implements ICommandHandler<RecordAccessBatchCommand> {
  constructor(private readonly ingest: AccessIngest) {}

  execute(command: RecordAccessBatchCommand): Promise<BulkOutcome> {
    return this.ingest.ingest(command.records, command.meta);
  }
}
