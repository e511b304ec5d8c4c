import { Command } from '@nestjs/cqrs';
import type { RemovePaymentMeans } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class RemovePaymentMeansCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: RemovePaymentMeans['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
