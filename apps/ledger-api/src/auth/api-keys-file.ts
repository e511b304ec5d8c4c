import fs from 'node:fs';
import path from 'node:path';
import { API_ROLES, type ApiKeyEntry, type ApiRole } from '../config/ledger-config';
import { generateApiKey, hashApiKey } from './api-key';

/**
 * The API-keys file: `{"keys":[{"id":"…","role":"provider","sha256":"<64 hex>"}]}`. It holds hashes only,
 * so reading it (or a backup of it) gives nobody a usable key.
 */
export interface ApiKeysFile {
  keys: ApiKeyEntry[];
}

export function readApiKeysFile(file: string): ApiKeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`API keys file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  const keys = (parsed as Partial<ApiKeysFile> | null)?.keys;
  if (!Array.isArray(keys)) throw new Error(`API keys file ${file} must be {"keys":[{id, role, sha256}, …]}`);
  return keys.map((item: unknown, index) => {
    const entry = item as Partial<Record<keyof ApiKeyEntry, unknown>>;
    const valid =
      typeof entry.id === 'string' &&
      /^[A-Za-z0-9._-]{1,64}$/.test(entry.id) &&
      typeof entry.role === 'string' &&
      (API_ROLES as readonly string[]).includes(entry.role) &&
      typeof entry.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(entry.sha256);
    if (!valid) {
      throw new Error(
        `API keys file ${file}: entry ${index + 1} needs id (1-64 of [A-Za-z0-9._-]), role (${API_ROLES.join('|')}) and sha256 (64 lower-case hex digits)`,
      );
    }
    return { id: entry.id as string, role: entry.role as ApiRole, sha256: entry.sha256 as string };
  });
}

export interface GeneratedApiKey {
  id: string;
  role: ApiRole;
  key: string;
}

/**
 * First start of a fresh embedded install: one key per role, hashes written to `file` (mode 0600),
 * clear keys returned so the caller can show them once. Never overwrites an existing file.
 */
export function generateDevApiKeysFile(file: string): GeneratedApiKey[] {
  const generated = API_ROLES.map((role) => ({ id: `dev-${role}`, role, key: generateApiKey() }));
  const content: ApiKeysFile = {
    keys: generated.map(({ id, role, key }) => ({ id, role, sha256: hashApiKey(key) })),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(content, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return generated;
}
