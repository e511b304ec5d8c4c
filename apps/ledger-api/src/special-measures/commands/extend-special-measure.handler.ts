import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { SpecialMeasureDecisions } from '../special-measure-decisions.service';
import { ExtendSpecialMeasureCommand } from './extend-special-measure.command';

@CommandHandler(ExtendSpecialMeasureCommand)
export class ExtendSpecialMeasureHandler implements ICommandHandler<ExtendSpecialMeasureCommand> {
  constructor(private readonly decisions: SpecialMeasureDecisions) {}

  execute(command: ExtendSpecialMeasureCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'ExtendSpecialMeasure', data: command.data }, command.meta);
  }
}
