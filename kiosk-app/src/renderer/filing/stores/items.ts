import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FilingService, VisitorIdentity } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';
import { matchesQuery } from '../../search.ts';
import { useCatalogueFilter } from '../../visitor/catalogue-filter.ts';

/** Why an item is shown but cannot be chosen (`filing.items.closed.*`). */
export type ItemClosed = 'not-open' | 'citizens-only' | 'companies-only';

export function whyClosed(item: FilingService, visitor: VisitorIdentity | null): ItemClosed | null {
  if (!item.open) return 'not-open';
  if (visitor?.kind === 'company' && item.applicant === 'citizen') return 'citizens-only';
  if (visitor?.kind === 'citizen' && item.applicant === 'company') return 'companies-only';
  return null;
}

/**
 * The items that can be filed here. Items closed now, or for the other kind
 * of applicant, stay in the list with the reason, so a visitor who came for
 * one learns why rather than thinking it is missing.
 */
export const useFilingItemsStore = defineStore('filing-items', () => {
  const all = ref<FilingService[]>([]);
  const loaded = ref(false);
  const failed = ref(false);
  // An item's code is the hall's service code.
  const filter = useCatalogueFilter(all, (item, query) => matchesQuery({ name: item.name, category: item.category, code: item.serviceCode }, query));

  async function load() {
    try {
      all.value = await kioskApi().filingServices();
      loaded.value = true;
      failed.value = false;
      filter.keepCategory();
    } catch {
      failed.value = !loaded.value;
    }
  }

  function byCode(code: string) {
    return all.value.find((s) => s.serviceCode === code);
  }
  const { category, search, categories, visible, chooseCategory, typeSearch, eraseSearch, clearSearch, clearVisitorInput } = filter;
  return { all, loaded, failed, category, search, categories, visible, load, byCode, chooseCategory, typeSearch, eraseSearch, clearSearch, clearVisitorInput };
});
