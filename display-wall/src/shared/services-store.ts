/**
 * Names of the hall's services, which the socket does not carry: the
 * snapshot speaks in service codes. Fetched once, and again whenever a code
 * shows up that the list does not know (the catalogue changed).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DisplayApi, ServiceName } from './api.ts';

export type Locale = 'zh-CN' | 'zh-TW' | 'en';

export const useServicesStore = defineStore('services', () => {
  const byCode = ref<Record<string, ServiceName>>({});
  const loaded = ref(false);
  let api: Pick<DisplayApi, 'listServices'> | undefined;
  let loading: Promise<void> | undefined;

  function use(to: Pick<DisplayApi, 'listServices'>): void {
    api = to;
  }

  function load(): Promise<void> {
    if (!api) return Promise.resolve();
    loading ??= api
      .listServices()
      .then((r) => {
        if (r.ok) {
          byCode.value = Object.fromEntries(r.data.map((s) => [s.code, s]));
          loaded.value = true;
        }
      })
      .finally(() => (loading = undefined));
    return loading;
  }

  /** Loads the names again when any of these codes is unknown. */
  function ensure(codes: Iterable<string>): void {
    for (const code of codes) if (!byCode.value[code]) return void load();
  }

  /** Taiwan traditional names are not in the catalogue; the zh-CN name serves, as on printed tickets. */
  function nameOf(code: string, locale: Locale): string {
    const s = byCode.value[code];
    if (!s) return code;
    return locale === 'en' ? s.name.en : s.name['zh-CN'];
  }

  return { byCode, loaded, use, load, ensure, nameOf };
});
