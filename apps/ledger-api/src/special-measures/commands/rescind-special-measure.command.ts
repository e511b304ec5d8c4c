import { Command } from '@nestjs/cqrs';
import type { RescindSpecialMeasure } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class RescindSpecialMeasureCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: RescindSpecialMeasure['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
