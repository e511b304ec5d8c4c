import { type CountryCode, type IsoInstant } from '../shared/domain-event';
import { type CipMode } from './reseller.events';

export type ResellerStatus = 'none' | 'active' | 'terminated';

export interface ResellerState {
  /** the stream's id, known once onboarded (from the command); null before */
  status: ResellerStatus;
  name: string | null;
  jurisdiction: CountryCode | null;
  cipMode: CipMode | null;
  cipDigest: string | null;
  onboardedAt: IsoInstant | null;
  /** ids of every noncompliance finding recorded */
  findings: string[];
  /** the earliest termination deadline of the recorded findings; null if none */
  terminateBy: IsoInstant | null;
  terminatedAt: IsoInstant | null;
}

export function initialResellerState(): ResellerState {
  return {
    status: 'none',
    name: null,
    jurisdiction: null,
    cipMode: null,
    cipDigest: null,
    onboardedAt: null,
    findings: [],
    terminateBy: null,
    terminatedAt: null,
  };
}
