/**
 * The rule's numbers. The CIP rule is still a proposal (89 FR 5698), so every period is configuration
 * with the proposal's value as default, never a constant in the deciders.
 */
export interface LedgerPolicy {
  /** records are kept this many years after the later of account closure and last access */
  readonly retentionYears: number;
  /** a non-compliant foreign reseller must be terminated within this many calendar days of detection */
  readonly resellerTerminationDays: number;
  /** a special measure takes effect no earlier than this many days after its determination */
  readonly specialMeasureMinNoticeDays: number;
  /** a special measure lasts this many days from taking effect unless extended */
  readonly specialMeasureDurationDays: number;
}

export const defaultPolicy: LedgerPolicy = Object.freeze({
  retentionYears: 2,
  resellerTerminationDays: 30,
  specialMeasureMinNoticeDays: 180,
  specialMeasureDurationDays: 365,
});
