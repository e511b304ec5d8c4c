import { Inject, Injectable } from '@nestjs/common';
import type { DecisionContext, DomainEvent } from '@cip/domain';
import type { LedgerConfig } from '../config/ledger-config';
import { LEDGER_CONFIG } from '../tokens';
import { type AppendOutcome, type CommandMeta, LedgerWriter } from './ledger-writer.service';
import type { StreamModel } from './stream-model';

/** A stream kind whose commands are decided on the stream's own state alone (resellers, special measures). */
export interface OwnStreamKind<C extends { data: object }, S> {
  model: StreamModel<S>;
  /** the command's stream, and the subject whose data key seals its PII */
  target(command: C): { stream: string; subjectId: string };
  decide(command: C, state: S, context: DecisionContext): DomainEvent[];
}

/** Runs such a command through the writer: load, decide with the ledger's policy, seal, chain, append. */
@Injectable()
export class OwnStreamDecisions {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  run<C extends { data: object }, S>(kind: OwnStreamKind<C, S>, command: C, meta: CommandMeta): Promise<AppendOutcome> {
    const { stream, subjectId } = kind.target(command);
    return this.writer.execute({
      stream,
      model: kind.model,
      subjectId,
      meta,
      decide: (state, now) => kind.decide(command, state, { now, policy: this.config.policy }),
    });
  }
}
