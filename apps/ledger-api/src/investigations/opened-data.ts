import { type KeyStore, openMembers, replaceAtPointer } from '@cip/integrity';

/**
 * What an investigator sees in place of a PII member that cannot be opened: its key was destroyed
 * (crypto-shredding after retention) or it does not authenticate where it stands (moved or altered).
 */
export type UnreadableMember = { $shredded: true; kid: string } | { $tampered: true; kid: string };

/**
 * Record data with every sealed member opened with its subject's data key. Members whose key is gone read
 * `{"$shredded":true,"kid":…}` and members that fail authentication `{"$tampered":true,"kid":…}`, so a
 * reader never mistakes a sealed blob for a value and can tell the two cases apart.
 */
export async function openRecordData(
  record: { stream: string; id: string; data: Record<string, unknown> },
  keys: Pick<KeyStore, 'getDataKey'>,
): Promise<Record<string, unknown>> {
  if (!JSON.stringify(record.data).includes('"$sealed"')) return record.data;
  const { data, members } = await openMembers(record, keys);
  for (const member of members) {
    if (member.state === 'open') continue;
    const marker: UnreadableMember =
      member.state === 'shredded' ? { $shredded: true, kid: member.kid } : { $tampered: true, kid: member.kid };
    replaceAtPointer(data, member.pointer, marker);
  }
  return data;
}
