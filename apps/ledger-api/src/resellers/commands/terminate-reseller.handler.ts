import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { OwnStreamDecisions } from '../../ledger/own-stream-decisions';
import { resellerKind } from '../reseller-kind';
import { TerminateResellerCommand } from './terminate-reseller.command';

@CommandHandler(TerminateResellerCommand)
export class TerminateResellerHandler implements ICommandHandler<TerminateResellerCommand> {
  constructor(private readonly decisions: OwnStreamDecisions) {}

  execute(command: TerminateResellerCommand): Promise<AppendOutcome> {
    return this.decisions.run(resellerKind, { type: 'TerminateReseller', data: command.data }, command.meta);
  }
}
