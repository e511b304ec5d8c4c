import { Command } from '@nestjs/cqrs';
import type { UpdateResellerCip } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class UpdateResellerCipCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: UpdateResellerCip['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
