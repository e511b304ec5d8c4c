import { type IsoInstant } from '../shared/domain-event';

export interface AccessState {
  recorded: number;
  firstAccessAt: IsoInstant | null;
  /** the latest `at` seen (accesses may arrive out of order) */
  lastAccessAt: IsoInstant | null;
}

export function initialAccessState(): AccessState {
  return { recorded: 0, firstAccessAt: null, lastAccessAt: null };
}
