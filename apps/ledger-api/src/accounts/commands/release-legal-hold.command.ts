import { Command } from '@nestjs/cqrs';
import type { ReleaseLegalHold } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class ReleaseLegalHoldCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: ReleaseLegalHold['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
