import { Command } from '@nestjs/cqrs';
import type { DeclineAccountOpening } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class DeclineAccountOpeningCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: DeclineAccountOpening['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
