import { Inject, Injectable } from '@nestjs/common';
import { type SpecialMeasureCommand, decideSpecialMeasure, specialMeasureStream } from '@cip/domain';
import type { LedgerConfig } from '../config/ledger-config';
import { type AppendOutcome, type CommandMeta, LedgerWriter } from '../ledger/ledger-writer.service';
import { specialMeasureModel } from '../ledger/stream-models';
import { LEDGER_CONFIG } from '../tokens';

/**
 * Runs a special-measure command through the writer. A person measure's match (name, national id, date
 * of birth) is PII: it is sealed with the measure's own data key, so it can be shredded on its own.
 */
@Injectable()
export class SpecialMeasureDecisions {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  run(command: SpecialMeasureCommand, meta: CommandMeta): Promise<AppendOutcome> {
    const { measureId } = command.data;
    return this.writer.execute({
      stream: specialMeasureStream(measureId),
      model: specialMeasureModel,
      subjectId: measureId,
      meta,
      decide: (state, now) => decideSpecialMeasure(command, state, { now, policy: this.config.policy }),
    });
  }
}
