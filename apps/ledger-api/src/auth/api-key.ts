import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry, ApiRole } from '../config/ledger-config';

/** Who is calling: the id becomes `meta.actor` of every record the call appends. */
export interface Principal {
  keyId: string;
  role: ApiRole;
}

/** SHA-256 of the key text, 64 lower-case hex digits: the only form in which a key is stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh key: 256 random bits, base64url, with a prefix that makes a leaked key easy to recognise. */
export function generateApiKey(): string {
  return `cipk_${randomBytes(32).toString('base64url')}`;
}

/**
 * The configured keys. Keys are random 256-bit secrets, so a fast hash is enough (no password KDF):
 * nobody can search that space. Every presented key is compared with every stored hash in constant time,
 * without stopping at the first match, so timing says nothing about which bytes matched.
 */
export class ApiKeyRegistry {
  private readonly entries: { principal: Principal; digest: Buffer }[];

  constructor(entries: readonly ApiKeyEntry[]) {
    const seen = new Set<string>();
    this.entries = entries.map((entry) => {
      if (seen.has(entry.id)) throw new Error(`API key id ${entry.id} is configured twice`);
      seen.add(entry.id);
      return { principal: { keyId: entry.id, role: entry.role }, digest: Buffer.from(entry.sha256, 'hex') };
    });
  }

  get size(): number {
    return this.entries.length;
  }

  authenticate(presentedKey: string): Principal | undefined {
    const digest = hash('sha256', presentedKey, 'buffer');
    let match: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest) && match === undefined) match = entry.principal;
    }
    return match;
  }
}
