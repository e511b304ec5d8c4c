import { Command } from '@nestjs/cqrs';
import type { UpdateCustomerInfo } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class UpdateCustomerInfoCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: UpdateCustomerInfo['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
