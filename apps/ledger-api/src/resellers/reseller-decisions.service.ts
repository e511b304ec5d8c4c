import { Inject, Injectable } from '@nestjs/common';
import { type ResellerCommand, decideReseller, resellerStream } from '@cip/domain';
import type { LedgerConfig } from '../config/ledger-config';
import { type AppendOutcome, type CommandMeta, LedgerWriter } from '../ledger/ledger-writer.service';
import { resellerModel } from '../ledger/stream-models';
import { LEDGER_CONFIG } from '../tokens';

/** Runs a reseller command through the writer; reseller streams hold no PII. */
@Injectable()
export class ResellerDecisions {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  run(command: ResellerCommand, meta: CommandMeta): Promise<AppendOutcome> {
    const { resellerId } = command.data;
    return this.writer.execute({
      stream: resellerStream(resellerId),
      model: resellerModel,
      subjectId: resellerId,
      meta,
      decide: (state, now) => decideReseller(command, state, { now, policy: this.config.policy }),
    });
  }
}
