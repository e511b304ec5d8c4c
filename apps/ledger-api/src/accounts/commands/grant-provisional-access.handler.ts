import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { GrantProvisionalAccessCommand } from './grant-provisional-access.command';

@CommandHandler(GrantProvisionalAccessCommand)
export class GrantProvisionalAccessHandler implements ICommandHandler<GrantProvisionalAccessCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: GrantProvisionalAccessCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'GrantProvisionalAccess', data: command.data }, command.meta);
  }
}
