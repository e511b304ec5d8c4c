import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { ResolveFlagCommand } from './resolve-flag.command';

@CommandHandler(ResolveFlagCommand)
export class ResolveFlagHandler implements ICommandHandler<ResolveFlagCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: ResolveFlagCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'ResolveFlag', data: command.data }, command.meta);
  }
}
