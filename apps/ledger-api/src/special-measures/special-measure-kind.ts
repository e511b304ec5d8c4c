import {
  type SpecialMeasureCommand,
  type SpecialMeasureState,
  decideSpecialMeasure,
  specialMeasureStream,
} from '@cip/domain';
import type { OwnStreamKind } from '../ledger/own-stream-decisions';
import { specialMeasureModel } from '../ledger/stream-models';

/**
 * Special-measure commands are decided on the measure's stream alone. A person measure's match (name,
 * national id, date of birth) is PII: it is sealed with the measure's own data key (the measure is the
 * subject), so it can be shredded on its own.
 */
export const specialMeasureKind: OwnStreamKind<SpecialMeasureCommand, SpecialMeasureState> = {
  model: specialMeasureModel,
  target: ({ data }) => ({ stream: specialMeasureStream(data.measureId), subjectId: data.measureId }),
  decide: decideSpecialMeasure,
};
