/**
 * The phone page's state: the services to pick from, the one picked (kept in
 * the address, so a link can be shared), and the halls offering it, shortest
 * first, as the platform answered. It refreshes politely: every 30 s while
 * the page is visible, and when the phone comes back to it, never more often
 * than every 5 s, and not before a Retry-After has passed.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { CityRefusal, type CityClient } from '../../src/api/client.ts';
import type { ShortestRow } from '../../src/ports.ts';

export const REFRESH_EVERY_MS = 30_000;
export const AT_MOST_EVERY_MS = 5_000;

const codeOf = (err: unknown) => (err as { code?: string }).code ?? 'UNREACHABLE';

export const useShortestStore = defineStore('shortest', () => {
  const services = ref<{ code: string; name: string }[]>([]);
  const serviceCode = ref<string | undefined>(undefined);
  const halls = ref<ShortestRow[] | undefined>(undefined);
  const updatedAt = ref<number | undefined>(undefined);
  const error = ref<string | undefined>(undefined);
  /** After a 429: not before this time. */
  const retryAt = ref(0);
  let client: CityClient | undefined;
  let clock: () => number = Date.now;
  let lastAsked = -Infinity;

  function use(c: CityClient, now: () => number = Date.now): void {
    client = c;
    clock = now;
  }

  function failed(err: unknown): void {
    error.value = codeOf(err);
    if (err instanceof CityRefusal && err.retryAfterS !== undefined) retryAt.value = clock() + err.retryAfterS * 1000;
  }

  async function loadServices(): Promise<void> {
    if (!client) return;
    try {
      services.value = [...(await client.call('listServices')).services].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    } catch (err) {
      failed(err);
    }
  }

  async function refresh(force = false): Promise<void> {
    const code = serviceCode.value;
    const now = clock();
    if (!client || !code || now < retryAt.value || (!force && now - lastAsked < AT_MOST_EVERY_MS)) return;
    lastAsked = now;
    try {
      const answer = await client.call('findShortest', { query: { serviceCode: code } });
      if (serviceCode.value !== code) return;
      halls.value = answer.halls;
      updatedAt.value = clock();
      error.value = undefined;
    } catch (err) {
      failed(err);
    }
  }

  async function pick(code: string | undefined): Promise<void> {
    serviceCode.value = code;
    halls.value = undefined;
    await refresh(true);
  }

  return { services, serviceCode, halls, updatedAt, error, retryAt, use, loadServices, refresh, pick };
});
