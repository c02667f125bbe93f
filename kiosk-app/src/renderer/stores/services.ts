import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ServiceOption } from '../../shared/kiosk-api.ts';
import { matchesQuery } from '../search.ts';

/** A visitor may take a ticket for a service only while it issues and has quota left. */
export function isOffered(service: ServiceOption): boolean {
  return service.issuingNow && (service.load.quotaLeft === undefined || service.load.quotaLeft > 0);
}

/** The hall's catalogue with live load, and the visitor's category and search. */
export const useServicesStore = defineStore('services', () => {
  const all = ref<ServiceOption[]>([]);
  const category = ref<string | null>(null);
  const search = ref('');

  const offered = computed(() => all.value.filter(isOffered));
  /** Categories that have something to offer, in catalogue order. */
  const categories = computed(() => [...new Set(offered.value.map((s) => s.category))]);
  /** A search looks across every category; otherwise the chosen category, or all. */
  const visible = computed(() => {
    if (search.value.trim()) return offered.value.filter((s) => matchesQuery(s, search.value));
    if (category.value) return offered.value.filter((s) => s.category === category.value);
    return offered.value;
  });

  function setServices(next: ServiceOption[]) {
    all.value = next;
    if (category.value && !categories.value.includes(category.value)) category.value = null;
  }
  function chooseCategory(next: string | null) {
    category.value = next;
    search.value = '';
  }
  function typeSearch(key: string) {
    if (search.value.length < 24) search.value += key;
  }
  function eraseSearch() {
    search.value = search.value.slice(0, -1);
  }
  function clearSearch() {
    search.value = '';
  }
  function byCode(code: string): ServiceOption | undefined {
    return all.value.find((s) => s.code === code);
  }
  /** Forgets what the visitor chose or typed here. */
  function clearVisitorInput() {
    category.value = null;
    search.value = '';
  }

  return { all, category, search, offered, categories, visible, setServices, chooseCategory, typeSearch, eraseSearch, clearSearch, byCode, clearVisitorInput };
});
