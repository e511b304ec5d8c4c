import { piiPointers } from '@cip/domain';
import type { KeyStore } from '@cip/integrity/sealing/key-store.port';
import { openMembers, sealMembers } from '@cip/integrity/sealing/seal-record';
import type { PiiSealer, SealInput } from './pii-sealer';

/**
 * PiiSealer on the integrity library: the domain's piiPointers name the members, sealMembers encrypts them
 * (AES-256-GCM, AAD stream|id|pointer) with the subject's data key from the key store.
 */
export function createPiiSealer(keys: KeyStore): PiiSealer {
  return {
    async seal({ stream, recordId, type, subjectId, data }: SealInput) {
      const pointers = piiPointers(type, data);
      if (pointers.length === 0) return data;
      return sealMembers({ stream, id: recordId, data }, pointers, subjectId, keys);
    },
    async open({ stream, recordId, data }: SealInput) {
      if (!mayHoldSealed(data)) return data;
      return (await openMembers({ stream, id: recordId, data }, keys)).data;
    },
  };
}

/** Cheap pre-check so records without any sealed member (most of them) are not cloned and walked. */
function mayHoldSealed(data: Record<string, unknown>): boolean {
  return JSON.stringify(data).includes('"$sealed"');
}
