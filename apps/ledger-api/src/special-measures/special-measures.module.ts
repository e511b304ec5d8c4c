import { Module } from '@nestjs/common';
import { SPECIAL_MEASURES_COMMAND_HANDLERS } from './commands';
import { SpecialMeasureDecisions } from './special-measure-decisions.service';
import { SpecialMeasuresController } from './special-measures.controller';

@Module({
  controllers: [SpecialMeasuresController],
  providers: [SpecialMeasureDecisions, ...SPECIAL_MEASURES_COMMAND_HANDLERS],
})
export class SpecialMeasuresModule {}
