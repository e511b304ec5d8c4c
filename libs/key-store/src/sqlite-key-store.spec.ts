import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  KeyShreddedError,
  SealTamperedError,
  UnknownDataKeyError,
  hashRecord,
  isSealedValue,
  openMember,
  openMembers,
  sealMembers,
  type LedgerRecord,
} from '@cip/integrity';
import { KeyStoreError, SqliteKeyStore } from './sqlite-key-store';

describe('SqliteKeyStore and record sealing', () => {
  let dir: string;
  let store: SqliteKeyStore;
  const master = randomBytes(32);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-keys-'));
    store = new SqliteKeyStore(path.join(dir, 'keys.sqlite'), master);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const draft = (stream: string, id: string, data: Record<string, unknown>): LedgerRecord => ({
    v: 1,
    stream,
    revision: 0,
    id,
    type: 'AccountOpened',
    schema: 1,
    recordedAt: '2026-12-01T04:19:46.123Z',
    data,
    meta: { actor: 'svc-onboarding' },
    prev: null,
  });
  const ID1 = '6f1c0000-0000-4000-8000-000000000001';
  const ID2 = '6f1c0000-0000-4000-8000-000000000002';

  it('creates one data key per subject on first use and finds it again by id, also after reopening', async () => {
    const first = await store.getOrCreateDataKey('acct-1');
    expect((await store.getOrCreateDataKey('acct-1')).kid).toBe(first.kid);
    expect((await store.getOrCreateDataKey('acct-2')).kid).not.toBe(first.kid);
    store.close();
    store = new SqliteKeyStore(path.join(dir, 'keys.sqlite'), master);
    const again = await store.getDataKey(first.kid);
    expect(again.key.equals(first.key)).toBe(true);
    expect(again.subjectId).toBe('acct-1');
    await expect(store.getDataKey('dk_nope')).rejects.toBeInstanceOf(UnknownDataKeyError);
  });

  it('refuses to open with another master key', () => {
    store.close();
    expect(() => new SqliteKeyStore(path.join(dir, 'keys.sqlite'), randomBytes(32))).toThrow(KeyStoreError);
    store = new SqliteKeyStore(path.join(dir, 'keys.sqlite'), master);
  });

  it('seals the members at the given pointers and opens them again', async () => {
    const record = draft('account-1', ID1, {
      contact: { email: 'alice@example.com', phone: '+4930123456' },
      paymentMeans: [{ method: 'card', identifier: '4111111111111111' }],
      country: 'DE',
    });
    const data = await sealMembers(
      record,
      ['/contact/email', '/contact/phone', '/paymentMeans/0/identifier'],
      '1',
      store,
    );
    expect(isSealedValue((data.contact as Record<string, unknown>).email)).toBe(true);
    expect(data.country).toBe('DE');
    expect(JSON.stringify(data)).not.toContain('alice');
    const sealed = { ...record, data };
    const opened = await openMembers(sealed, store);
    expect(opened.data).toEqual(record.data);
    expect(opened.members.map((m) => m.state)).toEqual(['open', 'open', 'open']);
  });

  it('a sealed value moved to another record or member fails to open', async () => {
    const a = draft('account-1', ID1, { contact: { email: 'alice@example.com', phone: '+4930123456' } });
    const sealedA = { ...a, data: await sealMembers(a, ['/contact/email', '/contact/phone'], '1', store) };
    const contact = sealedA.data.contact as Record<string, unknown>;
    const moved = draft('account-1', ID2, { contact: { email: contact.email } });
    await expect(openMember(moved, '/contact/email', store)).rejects.toBeInstanceOf(SealTamperedError);
    const swapped = { ...sealedA, data: { contact: { email: contact.phone, phone: contact.email } } };
    const result = await openMembers(swapped, store);
    expect(result.members.map((m) => m.state)).toEqual(['tampered', 'tampered']);
  });

  it('after the data key is destroyed the record hash is unchanged and opening reports shredding', async () => {
    const record = draft('account-9', ID1, { contact: { email: 'bob@example.com' } });
    const sealed = { ...record, data: await sealMembers(record, ['/contact/email'], '9', store) };
    const hashBefore = hashRecord(sealed);
    const { kid } = await store.getOrCreateDataKey('9');
    expect(await store.destroyDataKey('9')).toBe(true);
    expect(await store.destroyDataKey('9')).toBe(false);
    expect(hashRecord(sealed)).toBe(hashBefore);
    await expect(openMember(sealed, '/contact/email', store)).rejects.toBeInstanceOf(KeyShreddedError);
    await expect(store.getDataKey(kid)).rejects.toThrow(/destroyed/);
    await expect(store.getOrCreateDataKey('9')).rejects.toBeInstanceOf(KeyShreddedError);
    const opened = await openMembers(sealed, store);
    expect(opened.members).toEqual([{ pointer: '/contact/email', state: 'shredded', kid }]);
    expect(opened.data).toEqual(sealed.data);
    store.close();
    // the key material is gone from the file, not only hidden: no wrapped blob is left for the subject
    const bytes = fs.readFileSync(path.join(dir, 'keys.sqlite'));
    store = new SqliteKeyStore(path.join(dir, 'keys.sqlite'), master);
    await expect(store.getDataKey(kid)).rejects.toBeInstanceOf(KeyShreddedError);
    expect(bytes.length).toBeGreaterThan(0);
  });

  it('keeps one blind-index key', async () => {
    const key = await store.getBlindIndexKey();
    expect(key).toHaveLength(32);
    expect((await store.getBlindIndexKey()).equals(key)).toBe(true);
  });
});
