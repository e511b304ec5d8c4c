import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { OpenAccountCommand } from './open-account.command';

@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler implements ICommandHandler<OpenAccountCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: OpenAccountCommand): Promise<AppendOutcome> {
    return this.decisions.open({ type: 'OpenAccount', data: command.data }, command.meta);
  }
}
