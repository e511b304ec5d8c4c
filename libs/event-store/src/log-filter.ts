import type { LogFilter } from './event-store.port';

/**
 * Whether a record of `stream` with event `type` passes a global-log filter. System records (`$`-prefixed
 * stream or type) never pass. An empty or missing list does not restrict.
 */
export function matchesLogFilter(stream: string, type: string, filter: LogFilter | undefined): boolean {
  if (stream.startsWith('$') || type.startsWith('$')) return false;
  if (!filter) return true;
  const { streamPrefixes, eventTypes, excludeStreamPrefixes } = filter;
  if (streamPrefixes && streamPrefixes.length > 0 && !streamPrefixes.some((prefix) => stream.startsWith(prefix))) {
    return false;
  }
  if (eventTypes && eventTypes.length > 0 && !eventTypes.includes(type)) return false;
  if (excludeStreamPrefixes && excludeStreamPrefixes.some((prefix) => stream.startsWith(prefix))) return false;
  return true;
}
