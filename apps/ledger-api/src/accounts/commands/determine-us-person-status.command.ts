import { Command } from '@nestjs/cqrs';
import type { DetermineUsPersonStatus } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class DetermineUsPersonStatusCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: DetermineUsPersonStatus['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
