import { Inject, Injectable } from '@nestjs/common';
import {
  type InvestigatorQuery,
  type InvestigatorReadsState,
  decideInvestigatorRead,
  investigatorReadsDecider,
  investigatorReadsStream,
} from '@cip/domain';
import type { LedgerConfig } from '../config/ledger-config';
import { type AppendedRecord, LedgerWriter } from '../ledger/ledger-writer.service';
import type { StreamModel } from '../ledger/stream-model';
import { CLOCK, type Clock, LEDGER_CONFIG } from '../tokens';

// The domain's evolve takes its own event union; records read back are RecordsAccessed by the stream name.
const investigatorReadsModel: StreamModel<InvestigatorReadsState> = {
  initialState: () => investigatorReadsDecider.initialState(),
  evolve: (state, event) =>
    investigatorReadsDecider.evolve(state, event as Parameters<typeof investigatorReadsDecider.evolve>[1]),
};

export interface InvestigatorRead {
  /** the investigator's API key id */
  actor: string;
  correlationId: string;
  caseReference: string;
  query: InvestigatorQuery;
  resultCount: number;
  /** whose data the read concerns: PII among the query parameters is sealed under this subject's key */
  subjectId: string;
}

/** Where a read was recorded: the investigator can cite it. */
export interface RecordedRead extends AppendedRecord {
  stream: string;
}

/**
 * Appends RecordsAccessed {actor, caseReference, query, resultCount} to `investigator-reads-{UTC day}` through
 * the domain's decider and the shared writer (so PII query parameters are sealed as piiPointers says).
 * Callers record a read before anything of its result leaves the process.
 */
@Injectable()
export class InvestigatorReadLog {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async record(read: InvestigatorRead): Promise<RecordedRead> {
    // the stream is named by the day the read happened, and the event states that same instant
    const occurredAt = this.clock.now().toISOString();
    const stream = investigatorReadsStream(occurredAt.slice(0, 10));
    const outcome = await this.writer.execute({
      stream,
      model: investigatorReadsModel,
      subjectId: read.subjectId,
      meta: { actor: read.actor, correlationId: read.correlationId },
      decide: (state, now) =>
        decideInvestigatorRead(
          {
            type: 'RecordInvestigatorRead',
            data: {
              actor: read.actor,
              caseReference: read.caseReference,
              query: read.query,
              resultCount: read.resultCount,
              occurredAt,
            },
          },
          state,
          { now, policy: this.config.policy },
        ),
    });
    return { stream, ...outcome.records[0] };
  }
}
