import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../ledger/ledger-writer.service';
import type { BulkOutcome } from '../access-ingest.service';
import type { AccessRecordInput } from '../access-record.validation';

/** Access records for any number of accounts, already checked for form. */
export class RecordAccessBatchCommand extends Command<BulkOutcome> {
  constructor(
    readonly records: AccessRecordInput[],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
