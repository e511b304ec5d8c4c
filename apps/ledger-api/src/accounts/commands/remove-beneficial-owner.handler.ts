import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { RemoveBeneficialOwnerCommand } from './remove-beneficial-owner.command';

@CommandHandler(RemoveBeneficialOwnerCommand)
export class RemoveBeneficialOwnerHandler implements ICommandHandler<RemoveBeneficialOwnerCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: RemoveBeneficialOwnerCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'RemoveBeneficialOwner', data: command.data }, command.meta);
  }
}
