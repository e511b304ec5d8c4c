export interface InvestigatorReadsState {
  reads: number;
}

export function initialInvestigatorReadsState(): InvestigatorReadsState {
  return { reads: 0 };
}
