import { Command } from '@nestjs/cqrs';
import type { OnboardReseller } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class OnboardResellerCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: OnboardReseller['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
