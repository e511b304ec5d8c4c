import { ValidationError } from './errors';
import { assertValidId, isValidId } from './ids';

export type StreamKind = 'account' | 'access' | 'reseller' | 'special-measure' | 'investigator-reads' | 'checkpoints';

export type ParsedStreamName =
  | { kind: 'account'; accountId: string }
  | { kind: 'access'; accountId: string }
  | { kind: 'reseller'; resellerId: string }
  | { kind: 'special-measure'; measureId: string }
  | { kind: 'investigator-reads'; day: string }
  | { kind: 'checkpoints' };

export const CHECKPOINT_STREAM = 'ledger-checkpoints';

export function accountStream(accountId: string): string {
  assertValidId(accountId, 'accountId');
  return `account-${accountId}`;
}

export function accessStream(accountId: string): string {
  assertValidId(accountId, 'accountId');
  return `access-${accountId}`;
}

export function resellerStream(resellerId: string): string {
  assertValidId(resellerId, 'resellerId');
  return `reseller-${resellerId}`;
}

export function specialMeasureStream(measureId: string): string {
  assertValidId(measureId, 'measureId');
  return `special-measure-${measureId}`;
}

/** One stream per UTC day: `investigator-reads-2026-12-01`. */
export function investigatorReadsStream(at: Date | string): string {
  const day = typeof at === 'string' ? at : at.toISOString().slice(0, 10);
  if (!isUtcDay(day)) {
    throw new ValidationError('invalid-day', 'investigator read streams are named by a UTC day YYYY-MM-DD', {
      field: 'day',
    });
  }
  return `investigator-reads-${day}`;
}

export function checkpointStream(): string {
  return CHECKPOINT_STREAM;
}

// None of these prefixes is a prefix of another, so the first match is the only one.
const PREFIXES = [
  ['account-', 'account'],
  ['access-', 'access'],
  ['reseller-', 'reseller'],
  ['special-measure-', 'special-measure'],
  ['investigator-reads-', 'investigator-reads'],
] as const;

/** The kind and id of a ledger stream name, or null for a name that is not one of the ledger's. */
export function parseStreamName(stream: string): ParsedStreamName | null {
  if (stream === CHECKPOINT_STREAM) return { kind: 'checkpoints' };
  for (const [prefix, kind] of PREFIXES) {
    if (!stream.startsWith(prefix)) continue;
    const rest = stream.slice(prefix.length);
    switch (kind) {
      case 'account':
      case 'access':
        return isValidId(rest) ? { kind, accountId: rest } : null;
      case 'reseller':
        return isValidId(rest) ? { kind, resellerId: rest } : null;
      case 'special-measure':
        return isValidId(rest) ? { kind, measureId: rest } : null;
      case 'investigator-reads':
        return isUtcDay(rest) ? { kind, day: rest } : null;
    }
  }
  return null;
}

function isUtcDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
