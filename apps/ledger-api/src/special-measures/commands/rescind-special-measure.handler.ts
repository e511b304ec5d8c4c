import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { SpecialMeasureDecisions } from '../special-measure-decisions.service';
import { RescindSpecialMeasureCommand } from './rescind-special-measure.command';

@CommandHandler(RescindSpecialMeasureCommand)
export class RescindSpecialMeasureHandler implements ICommandHandler<RescindSpecialMeasureCommand> {
  constructor(private readonly decisions: SpecialMeasureDecisions) {}

  execute(command: RescindSpecialMeasureCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'RescindSpecialMeasure', data: command.data }, command.meta);
  }
}
