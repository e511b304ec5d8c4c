import { Command } from '@nestjs/cqrs';
import type { RecordResellerNoncompliance } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class RecordResellerNoncomplianceCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: RecordResellerNoncompliance['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
