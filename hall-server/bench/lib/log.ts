/** Progress lines, prefixed with the time since the bench started, so a slow step shows where the minutes went. */
const t0 = performance.now();

export function log(figure: string, message: string): void {
  const s = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${s} s] ${figure}: ${message}\n`);
}
