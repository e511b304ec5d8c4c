import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { CloseAccountCommand } from './close-account.command';

@CommandHandler(CloseAccountCommand)
export class CloseAccountHandler implements ICommandHandler<CloseAccountCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: CloseAccountCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'CloseAccount', data: command.data }, command.meta);
  }
}
