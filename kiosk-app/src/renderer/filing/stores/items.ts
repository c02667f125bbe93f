import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FilingService, VisitorIdentity } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';
import { pinyinInitials } from '../../search.ts';
import { useCatalogueFilter } from '../../stores/catalogue-filter.ts';

/** Why an item is shown but cannot be chosen (`filing.items.closed.*`). */
export type ItemClosed = 'not-open' | 'citizens-only' | 'companies-only';

export function whyClosed(item: FilingService, visitor: VisitorIdentity | null): ItemClosed | null {
  if (!item.open) return 'not-open';
  if (visitor?.kind === 'company' && item.applicant === 'citizen') return 'citizens-only';
  if (visitor?.kind === 'citizen' && item.applicant === 'company') return 'companies-only';
  return null;
}

const fold = (s: string) => s.toUpperCase().replace(/\s+/g, '');

export function itemMatches(item: FilingService, query: string): boolean {
  const q = fold(query);
  if (!q) return true;
  const zh = item.name['zh-CN'];
  return pinyinInitials(zh).includes(q) || fold(zh).includes(q) || fold(item.name.en).includes(q) || fold(item.serviceCode).includes(q) || pinyinInitials(item.category).includes(q);
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
  const filter = useCatalogueFilter(all, itemMatches);

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
