import { Command } from '@nestjs/cqrs';
import type { OpenAccount } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class OpenAccountCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: OpenAccount['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
