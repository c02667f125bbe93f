import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ServiceOption } from '../../shared/kiosk-api.ts';
import { matchesQuery } from '../search.ts';
import { useCatalogueFilter } from '../visitor/catalogue-filter.ts';

/** A visitor may take a ticket for a service only while it issues and has quota left. */
export function isOffered(service: ServiceOption): boolean {
  return service.issuingNow && (service.load.quotaLeft === undefined || service.load.quotaLeft > 0);
}

/** The hall's catalogue with live load, and the visitor's category and search. */
export const useServicesStore = defineStore('services', () => {
  const all = ref<ServiceOption[]>([]);
  const offered = computed(() => all.value.filter(isOffered));
  const filter = useCatalogueFilter(offered, matchesQuery);

  function setServices(next: ServiceOption[]) {
    all.value = next;
    filter.keepCategory();
  }
  function byCode(code: string): ServiceOption | undefined {
    return all.value.find((s) => s.code === code);
  }
  const { category, search, categories, visible, chooseCategory, typeSearch, eraseSearch, clearSearch, clearVisitorInput } = filter;
  return { all, category, search, offered, categories, visible, setServices, chooseCategory, typeSearch, eraseSearch, clearSearch, byCode, clearVisitorInput };
});
