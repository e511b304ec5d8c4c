import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { VerifyIdentityCommand } from './verify-identity.command';

@CommandHandler(VerifyIdentityCommand)
export class VerifyIdentityHandler implements ICommandHandler<VerifyIdentityCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: VerifyIdentityCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'VerifyIdentity', data: command.data }, command.meta);
  }
}
