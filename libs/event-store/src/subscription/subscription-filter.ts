import type { SubscriptionFilter } from '../event-store.port';

/** A checked filter: at least one prefix, in either list. */
export interface CompiledFilter {
  readonly eventTypePrefixes: readonly string[];
  readonly streamPrefixes: readonly string[];
}

/**
 * Returns undefined when there is no filter. A filter that lists no prefix at all is refused:
 * it would pass nothing, which is never what the caller meant (a list computed empty by mistake).
 */
export function compileFilter(filter: SubscriptionFilter | undefined): CompiledFilter | undefined {
  if (filter === undefined) return undefined;
  const eventTypePrefixes = [...(filter.eventTypePrefixes ?? [])];
  const streamPrefixes = [...(filter.streamPrefixes ?? [])];
  if (eventTypePrefixes.length + streamPrefixes.length === 0) {
    throw new TypeError('A subscription filter must list at least one prefix');
  }
  return { eventTypePrefixes, streamPrefixes };
}

/** An event passes when its type or its stream starts with any listed prefix. */
export function matchesFilter(
  filter: CompiledFilter,
  event: { readonly streamId: string; readonly type: string },
): boolean {
  return (
    filter.eventTypePrefixes.some((prefix) => event.type.startsWith(prefix)) ||
    filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))
  );
}
