/** The hall's notices shown along the bottom of the wall. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<string[]>([]);

  function set(list: string[]): void {
    notices.value = list
      .map((n) => n.trim())
      .filter(Boolean)
      .slice(0, 20);
  }

  /** `notices.json` beside the wall's index.html: `{ "notices": ["…"] }`. Absent is normal. */
  async function loadFile(url: string, fetcher: typeof fetch = (...a) => fetch(...a)): Promise<void> {
    try {
      const res = await fetcher(url, { cache: 'no-store' });
      if (!res.ok) return;
      const body = (await res.json()) as { notices?: unknown };
      if (Array.isArray(body.notices)) set(body.notices.filter((n): n is string => typeof n === 'string'));
    } catch {
      // No file, or not JSON: the wall shows the notices it has.
    }
  }

  return { notices, set, loadFile };
});
