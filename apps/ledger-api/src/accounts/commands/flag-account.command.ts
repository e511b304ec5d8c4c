import { Command } from '@nestjs/cqrs';
import type { FlagAccount } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class FlagAccountCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: FlagAccount['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
