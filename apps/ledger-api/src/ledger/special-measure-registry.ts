import { Inject, Injectable } from '@nestjs/common';
import { type SpecialMeasureState, parseStreamName } from '@cip/domain';
import type { EventStore, GlobalPosition } from '@cip/event-store';
import { EVENT_STORE } from '../tokens';
import { PII_SEALER, type PiiSealer } from './pii-sealer';
import { specialMeasureModel } from './stream-models';

/**
 * Every special measure, folded, for decisions that must check them (opening an account, adding an
 * owner). Kept in memory and topped up from the global log before each use (records after the last
 * position seen, filtered to special-measure streams), so a measure issued a moment ago by any instance
 * is seen; the read is empty, hence cheap, almost always. Person matches are PII: they are opened with
 * the measure's data key, in memory only.
 */
@Injectable()
export class SpecialMeasureRegistry {
  private readonly measures = new Map<string, SpecialMeasureState>();
  private position: GlobalPosition | 'start' = 'start';
  /** refreshes run one after another; each caller waits for one that started after it asked */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PII_SEALER) private readonly sealer: PiiSealer,
  ) {}

  async current(): Promise<SpecialMeasureState[]> {
    const refreshed = this.queue.then(() => this.refresh());
    this.queue = refreshed.catch(() => undefined);
    await refreshed;
    return [...this.measures.values()];
  }

  private async refresh(): Promise<void> {
    // The filtered read only yields matches, so the log's head is taken first: the next refresh starts after
    // it even when no measure came, instead of scanning the same unrelated records again.
    const head = await this.head();
    const fromPosition = this.position === 'start' ? 'start' : this.position + 1n;
    for await (const stored of this.store.readAll({ fromPosition, filter: { streamPrefixes: ['special-measure-'] } })) {
      const parsed = parseStreamName(stored.record.stream);
      this.position = stored.position;
      if (parsed?.kind !== 'special-measure') continue;
      const data = await this.sealer.open({
        stream: stored.record.stream,
        recordId: stored.record.id,
        type: stored.record.type,
        subjectId: parsed.measureId,
        data: stored.record.data,
      });
      const state = this.measures.get(parsed.measureId) ?? specialMeasureModel.initialState();
      this.measures.set(
        parsed.measureId,
        specialMeasureModel.evolve(state, { type: stored.record.type, schema: stored.record.schema, data }),
      );
    }
    if (head !== undefined && (this.position === 'start' || head > this.position)) this.position = head;
  }

  private async head(): Promise<GlobalPosition | undefined> {
    for await (const stored of this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 })) {
      return stored.position;
    }
    return undefined;
  }
}
