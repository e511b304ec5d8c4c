import fs from 'node:fs';
import path from 'node:path';
import { MASTER_KEY_FILE, SIGNING_KEY_FILE, generateKeyFiles } from '@cip/key-store';
import { type GeneratedApiKey, generateDevApiKeysFile } from '../auth/api-keys-file';
import type { LedgerConfig } from '../config/ledger-config';

export interface Provisioned {
  /** key files created on this start (empty when they existed) */
  createdKeyFiles: string[];
  /** API keys created on this start: shown once, never stored in clear */
  generatedApiKeys: GeneratedApiKey[];
}

/**
 * First start of the embedded deployment: creates what is missing under LEDGER_DATA_DIR so `npm start`
 * works on a fresh clone. Never overwrites anything, and creates nothing in the EventStoreDB deployment,
 * where keys are provisioned on purpose (a silently generated master key there would be a trap).
 *
 * - master key and checkpoint signing key, when both are missing (one without the other is an error: a
 *   lost master key must not be replaced quietly, since every sealed value depends on it);
 * - the API-keys file, when no key is configured at all (neither LEDGER_API_KEYS nor the file): one key
 *   per role, hashes only in the file, clear keys returned for the caller to print once.
 */
export function provisionDataDir(config: LedgerConfig): Provisioned {
  const provisioned: Provisioned = { createdKeyFiles: [], generatedApiKeys: [] };
  if (config.eventStore !== 'sqlite') return provisioned;
  fs.mkdirSync(config.dataDir, { recursive: true });
  const masterExists = fs.existsSync(config.masterKeyFile);
  const signingExists = fs.existsSync(config.signingKeyFile);
  if (!masterExists && !signingExists) {
    const dir = path.dirname(config.masterKeyFile);
    const defaultLayout =
      path.dirname(config.signingKeyFile) === dir &&
      path.basename(config.masterKeyFile) === MASTER_KEY_FILE &&
      path.basename(config.signingKeyFile) === SIGNING_KEY_FILE;
    if (!defaultLayout) {
      throw new Error(
        `${config.masterKeyFile} and ${config.signingKeyFile} do not exist; create them with \`cip-ledger keys generate\``,
      );
    }
    const files = generateKeyFiles({ dir, name: config.origin });
    provisioned.createdKeyFiles.push(files.masterKeyFile, files.signingKeyFile, files.verifierKeyFile);
  } else if (!masterExists) {
    throw new Error(
      `the master key ${config.masterKeyFile} is missing (the signing key exists): restore it from backup`,
    );
  }
  if (config.apiKeys.length === 0 && !fs.existsSync(config.apiKeysFile)) {
    provisioned.generatedApiKeys = generateDevApiKeysFile(config.apiKeysFile);
  }
  return provisioned;
}

/** The one-time notice for generated API keys (stdout, not the JSON log: it is for the person at the terminal). */
export function apiKeysNotice(keys: GeneratedApiKey[], file: string): string {
  const lines = keys.map((key) => `  ${key.role.padEnd(12)} id=${key.id.padEnd(18)} key=${key.key}`);
  return [
    '',
    '================================================================================',
    ' cip-ledger: no API keys were configured, so one key per role was generated.',
    ' Copy them now: they are shown ONCE. Only their SHA-256 hashes are stored, in',
    ` ${file}`,
    ' (delete that file to generate new ones; see docs/api.md, "API keys").',
    '',
    ...lines,
    '================================================================================',
    '',
  ].join('\n');
}
