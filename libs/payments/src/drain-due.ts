/**
 * Works through a due list read from a read model, page by page, until a page holds nothing new:
 * the read model may lag the log, so each entry is decided again on its stream by `handle`, which
 * answers whether it changed anything. An entry is handled at most once per run.
 */
export async function drainDue<T>(
  nextPage: () => Promise<readonly T[]>,
  keyOf: (entry: T) => string,
  handle: (entry: T) => Promise<boolean>,
  pageSize: number,
): Promise<T[]> {
  const tried = new Set<string>();
  const changed: T[] = [];
  for (;;) {
    const page = await nextPage();
    const fresh = page.filter((entry) => !tried.has(keyOf(entry)));
    for (const entry of fresh) {
      tried.add(keyOf(entry));
      if (await handle(entry)) changed.push(entry);
    }
    // A full page may hide more; one with nothing new means the rest stayed as it was.
    if (page.length < pageSize || fresh.length === 0) return changed;
  }
}
