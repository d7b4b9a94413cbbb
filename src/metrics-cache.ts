/**
 * Scrapes must stay cheap however often Prometheus (or anyone holding the token) asks: gauges that read
 * the database are refreshed at most once per `maxAgeMs`, and concurrent scrapes share one refresh.
 * A failed refresh is not cached, so the next scrape tries again (and reports the error).
 */
export function cachedRefresh(refresh: () => Promise<void>, opts: { maxAgeMs: number; now?: () => number }): () => Promise<void> {
  const now = opts.now ?? Date.now;
  let freshAt = -Infinity;
  let inFlight: Promise<void> | null = null;
  return () => {
    if (now() - freshAt < opts.maxAgeMs) return Promise.resolve();
    inFlight ??= (async () => {
      try {
        await refresh();
        freshAt = now();
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };
}
