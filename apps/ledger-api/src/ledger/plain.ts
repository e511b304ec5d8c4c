/**
 * A validated DTO as plain data for the domain: class instances become plain objects and members that
 * are undefined are dropped, so `'ip' in data` means the caller sent an ip and hashes never see them.
 */
export function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => plain(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) result[key] = plain(member);
  }
  return result as T;
}
