/**
 * Calling tickets over HTTP the way a hall's counters do, for the benches
 * that time a call until it reaches the walls (P1, P9).
 *
 * callNext refuses a second call on a window within 3 s (ALREADY_CALLED),
 * so calls rotate over the open windows and wait when a window's last call
 * is too recent. Each window calls only tickets of its services, so every
 * service gets enough waiting tickets for the calls that can drain it.
 */
import type { HallClient } from '../../src/contract/client.ts';
import type { DisplayWall } from './displays.ts';
import type { HttpClient } from './http.ts';
import { log } from './log.ts';
import { sleepUntil } from './time.ts';

/** ALREADY_CALLED is 3 s on the server's clock; the margin covers the request's own travel. */
const WINDOW_GUARD_MS = 3_300;

export type OpenWindow = { no: number; services: string[] };

/** Issues enough waiting tickets, 4 at a time, that `calls` calls over `windows` never find a queue empty. */
export async function issueForCalls(label: string, kiosk: HallClient, windows: OpenWindow[], calls: number): Promise<void> {
  const perWindow = Math.ceil(calls / windows.length);
  const servedBy = new Map<string, number>();
  for (const w of windows) for (const s of w.services) servedBy.set(s, (servedBy.get(s) ?? 0) + 1);
  // Enough that no window runs dry even if every window sharing a service drains it.
  const toIssue = [...servedBy].flatMap(([code, n]) => Array.from({ length: perWindow * n + 2 }, () => code));
  log(label, `issuing ${toIssue.length} waiting tickets over HTTP for ${calls} calls on ${windows.length} windows`);
  for (let i = 0; i < toIssue.length; i += 4) {
    await Promise.all(toIssue.slice(i, i + 4).map((serviceCode) => kiosk.call('issueTicket', { body: { serviceCode } })));
  }
}

/**
 * A function that calls the next ticket on the next window in turn and
 * resolves with the time until the last wall of `wall` had it, and the time
 * the HTTP answer took.
 *
 * The call is timed, so it goes as a bare POST on the keep-alive client, as
 * the floor's broadcast does: the contract's client would add its own work
 * to one side of the comparison only.
 */
export function callRotation(
  http: HttpClient,
  counterTokens: Record<number, string>,
  windows: OpenWindow[],
  wall: DisplayWall,
): () => Promise<{ latency: number; httpMs: number }> {
  const lastCall = new Map<number, number>();
  let next = 0;
  return async () => {
    const w = windows[next++ % windows.length]!;
    await sleepUntil((lastCall.get(w.no) ?? -Infinity) + WINDOW_GUARD_MS);
    const { arrived } = await wall.arm();
    const t0 = performance.now();
    lastCall.set(w.no, t0);
    const res = await http.post(`/api/v1/windows/${w.no}/call-next`, { token: counterTokens[w.no] });
    const httpMs = performance.now() - t0;
    if (res.status !== 200) {
      arrived.catch(() => undefined);
      throw new Error(`callNext on window ${w.no}: ${res.status} ${res.body}`);
    }
    return { latency: (await arrived) - t0, httpMs };
  };
}
