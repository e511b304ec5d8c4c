import { deterministicUuid, randomUuids, recordIds } from './record-ids';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('recordIds', () => {
  it('without an Idempotency-Key: distinct random UUIDs v4, as crypto.randomUUID writes them', () => {
    const ids = recordIds(10_000);
    expect(ids).toHaveLength(10_000);
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(10_000);
    expect(randomUuids(0)).toEqual([]);
    for (const count of [1, 63, 64, 65]) {
      const few = recordIds(count);
      expect(few.filter((id) => !UUID_V4.test(id))).toEqual([]);
      expect(new Set(few).size).toBe(count);
    }
  });

  it('with one: the ids earlier versions gave for the same actor, key and index (a retry must find them)', () => {
    // written by the previous implementation (createHash per id): a request sent again after an upgrade
    // proposes the same ids, so the records it wrote before are found instead of written twice
    expect(recordIds(3, { actor: 'provider-1', key: 'bulk-2026-12-01' })).toEqual([
      '381e3f18-ecd4-813b-a0a9-b6f0f4f74372',
      '2e767345-2a63-8e9b-bf38-71018b01992b',
      '03ee2c68-4b9f-80a9-bf08-719c217ade7c',
    ]);
    expect(deterministicUuid('ü😀\nkey\n0')).toBe('9b5bc685-cdd0-823c-b4a9-00e3c8b83209');
  });
});
