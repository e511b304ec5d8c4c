import { IssueSpecialMeasureHandler } from './issue-special-measure.handler';
import { ExtendSpecialMeasureHandler } from './extend-special-measure.handler';
import { RescindSpecialMeasureHandler } from './rescind-special-measure.handler';

export * from './issue-special-measure.command';
export * from './extend-special-measure.command';
export * from './rescind-special-measure.command';

/** Every command handler of this feature, for the module's providers. */
export const SPECIAL_MEASURES_COMMAND_HANDLERS = [
  IssueSpecialMeasureHandler,
  ExtendSpecialMeasureHandler,
  RescindSpecialMeasureHandler,
];
