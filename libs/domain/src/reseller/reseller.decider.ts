import { type Decider, type DecisionContext, type IsoInstant } from '../shared/domain-event';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { addDays, compareInstants, earlierOf } from '../shared/time';
import * as check from '../shared/validate';
import { type ResellerCommand } from './reseller.commands';
import { type CipMode, type ResellerEvent } from './reseller.events';
import { initialResellerState, type ResellerState } from './reseller.state';

const CIP_MODES: readonly CipMode[] = ['own', 'adopted'];

export function decideReseller(
  command: ResellerCommand,
  state: ResellerState,
  context: DecisionContext,
): ResellerEvent[] {
  const { now, policy } = context;
  const { resellerId } = command.data;
  check.id(resellerId, 'resellerId');
  const at = check.occurredAt(command.data.occurredAt, now);
  switch (command.type) {
    case 'OnboardReseller': {
      const { data } = command;
      const name = check.text(data.name, 'name', 300);
      const jurisdiction = check.countryCode(data.jurisdiction, 'jurisdiction');
      const cipMode = check.oneOf(data.cipMode, CIP_MODES, 'cipMode');
      const cipDigest = digest(data.cipDigest);
      if (state.status !== 'none') {
        throw new IllegalStateError('reseller-exists', `reseller ${resellerId} is already onboarded`);
      }
      return [
        { type: 'ResellerOnboarded', schema: 1, data: { name, jurisdiction, cipMode, cipDigest, occurredAt: at } },
      ];
    }
    case 'UpdateResellerCip': {
      const cipMode = check.oneOf(command.data.cipMode, CIP_MODES, 'cipMode');
      const cipDigest = digest(command.data.cipDigest);
      requireActive(state, resellerId);
      return [{ type: 'ResellerCipUpdated', schema: 1, data: { cipMode, cipDigest, occurredAt: at } }];
    }
    case 'RecordResellerNoncompliance': {
      const findingId = check.id(command.data.findingId, 'findingId');
      const description = check.text(command.data.description, 'description');
      requireActive(state, resellerId);
      if (state.findings.includes(findingId)) {
        throw new IllegalStateError(
          'finding-exists',
          `finding ${findingId} is already recorded for reseller ${resellerId}`,
        );
      }
      return [
        {
          type: 'ResellerNoncomplianceDetected',
          schema: 1,
          data: { findingId, description, detectedAt: at, terminateBy: addDays(at, policy.resellerTerminationDays) },
        },
      ];
    }
    case 'TerminateReseller': {
      const reason = check.oneOf(command.data.reason, ['noncompliance', 'other'], 'reason');
      const note = check.optionalText(command.data.note, 'note');
      requireActive(state, resellerId);
      const afterDeadline = state.terminateBy !== null && compareInstants(at, state.terminateBy) > 0;
      return [
        {
          type: 'ResellerTerminated',
          schema: 1,
          data: { reason, ...(note === undefined ? {} : { note }), occurredAt: at, afterDeadline },
        },
      ];
    }
  }
}

function digest(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw new ValidationError('invalid-digest', 'cipDigest: must be a SHA-256 digest, 64 lower-case hex digits', {
      field: 'cipDigest',
    });
  }
  return value;
}

function requireActive(state: ResellerState, resellerId: string): void {
  if (state.status === 'none') {
    throw new NotFoundError('reseller-not-found', `reseller ${resellerId} was never onboarded`);
  }
  if (state.status === 'terminated') {
    throw new IllegalStateError('reseller-terminated', `reseller ${resellerId} is terminated and accepts nothing more`);
  }
}

export function evolveReseller(state: ResellerState, event: ResellerEvent): ResellerState {
  switch (event.type) {
    case 'ResellerOnboarded':
      return {
        ...state,
        status: 'active',
        name: event.data.name,
        jurisdiction: event.data.jurisdiction,
        cipMode: event.data.cipMode,
        cipDigest: event.data.cipDigest,
        onboardedAt: event.data.occurredAt,
      };
    case 'ResellerCipUpdated':
      return { ...state, cipMode: event.data.cipMode, cipDigest: event.data.cipDigest };
    case 'ResellerNoncomplianceDetected':
      return {
        ...state,
        findings: [...state.findings, event.data.findingId],
        terminateBy: earlierOf(state.terminateBy, event.data.terminateBy),
      };
    case 'ResellerTerminated':
      return { ...state, status: 'terminated', terminatedAt: event.data.occurredAt };
  }
}

export const resellerDecider: Decider<ResellerCommand, ResellerEvent, ResellerState> = {
  decide: decideReseller,
  evolve: evolveReseller,
  initialState: initialResellerState,
};

/**
 * Whether accounts may be opened through the reseller at `at`:
 * - `accepting`: active, no finding pending;
 * - `termination-pending`: a finding is recorded and its deadline has not passed (accounts open, flagged);
 * - `terminated` / `deadline-passed`: the relationship has (or must have) ended; openings are declined;
 * - `unknown`: never onboarded.
 */
export type ResellerStanding = 'accepting' | 'termination-pending' | 'deadline-passed' | 'terminated' | 'unknown';

export function resellerStanding(state: ResellerState, at: IsoInstant): ResellerStanding {
  if (state.status === 'none') return 'unknown';
  if (state.status === 'terminated') return 'terminated';
  if (state.terminateBy === null) return 'accepting';
  return compareInstants(at, state.terminateBy) > 0 ? 'deadline-passed' : 'termination-pending';
}

/** True when a reseller with a finding is still active after its termination deadline (for dashboards). */
export function isResellerTerminationOverdue(state: ResellerState, now: Date): boolean {
  return resellerStanding(state, now.toISOString()) === 'deadline-passed';
}
