import { getAtPointer, replaceAtPointer } from './json-pointer';
import type { KeyStore } from './key-store.port';
import { KeyShreddedError, SealTamperedError } from './sealing.errors';
import { type SealedValue, isSealedValue, open, seal, sealAad } from './sealed-value';

/** What sealing needs of a record: its place (stream, id), the data subject, and its data. */
export interface SealableRecord {
  stream: string;
  id: string;
  data: Record<string, unknown>;
}

/**
 * A copy of `record.data` with each member at `pointers` (RFC 6901, within data) replaced by its sealed form,
 * under the data key of `subjectId` (created on first use). Members already sealed are left as they are.
 */
export async function sealMembers(
  record: SealableRecord,
  pointers: readonly string[],
  subjectId: string,
  keys: Pick<KeyStore, 'getOrCreateDataKey'>,
): Promise<Record<string, unknown>> {
  const data = structuredClone(record.data);
  if (pointers.length === 0) return data;
  const { kid, key } = await keys.getOrCreateDataKey(subjectId);
  for (const pointer of pointers) {
    const value = getAtPointer(data, pointer);
    if (isSealedValue(value)) continue;
    replaceAtPointer(
      data,
      pointer,
      seal(value, { dataKey: key, kid, aad: sealAad(record.stream, record.id, pointer) }),
    );
  }
  return data;
}

/** Outcome of opening one sealed member. */
export type OpenedMember =
  | { pointer: string; state: 'open'; value: unknown }
  | { pointer: string; state: 'shredded'; kid: string }
  | { pointer: string; state: 'tampered'; kid: string };

/**
 * A copy of `record.data` with every sealed member found (at any depth) opened, and the outcome per member.
 * A shredded key leaves the sealed form in place and reports `shredded`; a value that fails authentication
 * (moved from another record or member, altered) reports `tampered`. Other key-store errors propagate.
 */
export async function openMembers(
  record: SealableRecord,
  keys: Pick<KeyStore, 'getDataKey'>,
): Promise<{ data: Record<string, unknown>; members: OpenedMember[] }> {
  const data = structuredClone(record.data);
  const members: OpenedMember[] = [];
  for (const { pointer, sealed } of findSealed(data, '')) {
    try {
      const { key } = await keys.getDataKey(sealed.kid);
      const value = open(sealed, { dataKey: key, aad: sealAad(record.stream, record.id, pointer) });
      replaceAtPointer(data, pointer, value);
      members.push({ pointer, state: 'open', value });
    } catch (error) {
      if (error instanceof KeyShreddedError) members.push({ pointer, state: 'shredded', kid: sealed.kid });
      else if (error instanceof SealTamperedError) members.push({ pointer, state: 'tampered', kid: sealed.kid });
      else throw error;
    }
  }
  return { data, members };
}

/** Opens the one sealed member at `pointer`; throws KeyShreddedError or SealTamperedError. */
export async function openMember(
  record: SealableRecord,
  pointer: string,
  keys: Pick<KeyStore, 'getDataKey'>,
): Promise<unknown> {
  const sealed = getAtPointer(record.data, pointer);
  if (!isSealedValue(sealed)) return sealed;
  const { key } = await keys.getDataKey(sealed.kid);
  return open(sealed, { dataKey: key, aad: sealAad(record.stream, record.id, pointer) });
}

function* findSealed(value: unknown, pointer: string): Generator<{ pointer: string; sealed: SealedValue }> {
  if (isSealedValue(value)) {
    yield { pointer, sealed: value };
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* findSealed(value[i], `${pointer}/${i}`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      yield* findSealed(member, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
}
