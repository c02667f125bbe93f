/**
 * One block of sustained issuing over HTTP (P3, P9): POST /api/v1/tickets
 * on every keep-alive connection, back to back, for `blockMs`, round-robin
 * over `services`.
 *
 * The figure is the server's rate, so the loop is a bare POST on the
 * keep-alive client: the contract's client (building each request, parsing
 * each answer) would be counted against the hall.
 */
import type { HttpClient } from './http.ts';

export type IssueBlock = { count: number; ms: number; refused: number; firstRefusal?: string };

export function issueBlocks(http: HttpClient, token: string, services: string[], connections: number): (blockMs: number) => Promise<IssueBlock> {
  let n = 0;
  return async (blockMs) => {
    let count = 0;
    let refused = 0;
    let firstRefusal: string | undefined;
    const t0 = performance.now();
    const until = t0 + blockMs;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const res = await http.post('/api/v1/tickets', { token, json: { serviceCode: services[n++ % services.length] } });
          if (res.status === 201) count++;
          else if (refused++ === 0) firstRefusal = `${res.status} ${res.body}`;
        }
      }),
    );
    return { count, ms: performance.now() - t0, refused, firstRefusal };
  };
}
