/**
 * Names of the hall's services, which the socket does not carry: the
 * snapshot speaks in service codes. Fetched once, and again whenever a code
 * shows up that the list does not know (the catalogue changed).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AnswerOf, Contract } from '@hall/server/contract';
import type { HallClient } from './api.ts';
import { unlessFailed } from './failure.ts';

export type Locale = 'zh-CN' | 'zh-TW' | 'en';

/** What a page keeps of a catalogue entry. */
export type ServiceNames = Pick<AnswerOf<Contract['listServices']>['services'][number], 'code' | 'name' | 'prefix'>;

export const useServicesStore = defineStore('services', () => {
  const byCode = ref<Record<string, ServiceNames>>({});
  const loaded = ref(false);
  let api: HallClient | undefined;
  let loading: Promise<void> | undefined;

  function use(to: HallClient): void {
    api = to;
  }

  /** A catalogue that cannot be had now is asked for again when an unknown code shows up. */
  function load(): Promise<void> {
    if (!api) return Promise.resolve();
    loading ??= unlessFailed(api.call('listServices'))
      .then((answer) => {
        if (!answer) return;
        byCode.value = Object.fromEntries(answer.services.map(({ code, name, prefix }) => [code, { code, name, prefix }]));
        loaded.value = true;
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
