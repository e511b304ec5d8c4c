import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { OwnStreamDecisions } from '../../ledger/own-stream-decisions';
import { specialMeasureKind } from '../special-measure-kind';
import { IssueSpecialMeasureCommand } from './issue-special-measure.command';

@CommandHandler(IssueSpecialMeasureCommand)
export class IssueSpecialMeasureHandler implements ICommandHandler<IssueSpecialMeasureCommand> {
  constructor(private readonly decisions: OwnStreamDecisions) {}

  execute(command: IssueSpecialMeasureCommand): Promise<AppendOutcome> {
    return this.decisions.run(specialMeasureKind, { type: 'IssueSpecialMeasure', data: command.data }, command.meta);
  }
}
