import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { ResellerDecisions } from '../reseller-decisions.service';
import { TerminateResellerCommand } from './terminate-reseller.command';

@CommandHandler(TerminateResellerCommand)
export class TerminateResellerHandler implements ICommandHandler<TerminateResellerCommand> {
  constructor(private readonly decisions: ResellerDecisions) {}

  execute(command: TerminateResellerCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'TerminateReseller', data: command.data }, command.meta);
  }
}
