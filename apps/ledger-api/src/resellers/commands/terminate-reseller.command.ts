import { Command } from '@nestjs/cqrs';
import type { TerminateReseller } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class TerminateResellerCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: TerminateReseller['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
