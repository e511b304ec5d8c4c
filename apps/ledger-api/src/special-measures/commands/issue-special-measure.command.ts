import { Command } from '@nestjs/cqrs';
import type { IssueSpecialMeasure } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class IssueSpecialMeasureCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: IssueSpecialMeasure['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
