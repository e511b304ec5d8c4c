import { Command } from '@nestjs/cqrs';
import type { AddPaymentMeans } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class AddPaymentMeansCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: AddPaymentMeans['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
