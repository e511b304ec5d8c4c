import { Command } from '@nestjs/cqrs';
import type { CloseAccount } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class CloseAccountCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: CloseAccount['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
