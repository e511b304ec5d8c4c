import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { AddBeneficialOwnerCommand } from './add-beneficial-owner.command';

@CommandHandler(AddBeneficialOwnerCommand)
export class AddBeneficialOwnerHandler implements ICommandHandler<AddBeneficialOwnerCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: AddBeneficialOwnerCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'AddBeneficialOwner', data: command.data }, command.meta);
  }
}
