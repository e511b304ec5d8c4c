import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { UpdateCustomerInfoCommand } from './update-customer-info.command';

@CommandHandler(UpdateCustomerInfoCommand)
export class UpdateCustomerInfoHandler implements ICommandHandler<UpdateCustomerInfoCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: UpdateCustomerInfoCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'UpdateCustomerInfo', data: command.data }, command.meta);
  }
}
