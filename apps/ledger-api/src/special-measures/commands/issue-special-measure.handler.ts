import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { SpecialMeasureDecisions } from '../special-measure-decisions.service';
import { IssueSpecialMeasureCommand } from './issue-special-measure.command';

@CommandHandler(IssueSpecialMeasureCommand)
export class IssueSpecialMeasureHandler implements ICommandHandler<IssueSpecialMeasureCommand> {
  constructor(private readonly decisions: SpecialMeasureDecisions) {}

  execute(command: IssueSpecialMeasureCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'IssueSpecialMeasure', data: command.data }, command.meta);
  }
}
