import { Command } from '@nestjs/cqrs';
import type { ExtendSpecialMeasure } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class ExtendSpecialMeasureCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: ExtendSpecialMeasure['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
