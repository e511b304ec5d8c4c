import { Command } from '@nestjs/cqrs';
import type { RecordVerificationFailure } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class RecordVerificationFailureCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: RecordVerificationFailure['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
