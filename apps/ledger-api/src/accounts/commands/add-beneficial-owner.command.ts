import { Command } from '@nestjs/cqrs';
import type { AddBeneficialOwner } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class AddBeneficialOwnerCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: AddBeneficialOwner['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
