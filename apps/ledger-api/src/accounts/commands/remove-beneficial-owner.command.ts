import { Command } from '@nestjs/cqrs';
import type { RemoveBeneficialOwner } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class RemoveBeneficialOwnerCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: RemoveBeneficialOwner['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
