import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { OwnStreamDecisions } from '../../ledger/own-stream-decisions';
import { resellerKind } from '../reseller-kind';
import { OnboardResellerCommand } from './onboard-reseller.command';

@CommandHandler(OnboardResellerCommand)
export class OnboardResellerHandler implements ICommandHandler<OnboardResellerCommand> {
  constructor(private readonly decisions: OwnStreamDecisions) {}

  execute(command: OnboardResellerCommand): Promise<AppendOutcome> {
    return this.decisions.run(resellerKind, { type: 'OnboardReseller', data: command.data }, command.meta);
  }
}
