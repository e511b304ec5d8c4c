import { Command } from '@nestjs/cqrs';
import type { PlaceLegalHold } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class PlaceLegalHoldCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: PlaceLegalHold['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
