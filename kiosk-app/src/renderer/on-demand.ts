/**
 * Code the screens load on demand (the pinyin table, the QR encoder) stays
 * out of the first paint. In a browser the renderer is served by the hall,
 * and a hall outage is exactly when a visitor may first need one of these
 * — a receipt's QR code, a form typed in Chinese. So once a screen is up,
 * `prefetchOnDemandCode()` fetches them in the background; a load that
 * failed is tried again the next time it is asked for.
 */

/** `load` once; a rejected load is forgotten, so the next call tries again. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = null;
      throw err;
    });
    return pending;
  };
}

/**
 * Starts every on-demand load once the page is idle, so the first screen
 * answers its first tap before any of it is fetched; failures are left for
 * the moment the code is needed.
 */
export function prefetch(...loads: (() => Promise<unknown>)[]): void {
  const start = () => {
    for (const load of loads) load().catch(() => {});
  };
  if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1000);
}
