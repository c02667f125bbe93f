import { computed, ref, type Ref } from 'vue';

/** The most letters a search takes: more narrows nothing a visitor would type. */
const MAX_SEARCH = 24;

/**
 * A visitor's category and typed search over a list of services or items,
 * for the ticket kiosk's services and the filing machine's items alike. A
 * search looks across every category; otherwise the chosen category shows,
 * or everything.
 */
export function useCatalogueFilter<T extends { category: string }>(list: Ref<readonly T[]>, matches: (item: T, query: string) => boolean) {
  const category = ref<string | null>(null);
  const search = ref('');

  /** Categories that have something in the list, in catalogue order. */
  const categories = computed(() => [...new Set(list.value.map((s) => s.category))]);
  const visible = computed(() => {
    if (search.value.trim()) return list.value.filter((s) => matches(s, search.value));
    if (category.value) return list.value.filter((s) => s.category === category.value);
    return list.value;
  });

  /** After the list changed: a category it no longer has is let go. */
  function keepCategory() {
    if (category.value && !categories.value.includes(category.value)) category.value = null;
  }
  function chooseCategory(next: string | null) {
    category.value = next;
    search.value = '';
  }
  function typeSearch(key: string) {
    if (search.value.length < MAX_SEARCH) search.value += key;
  }
  function eraseSearch() {
    search.value = search.value.slice(0, -1);
  }
  function clearSearch() {
    search.value = '';
  }
  /** Forgets what the visitor chose or typed here. */
  function clearVisitorInput() {
    category.value = null;
    search.value = '';
  }

  return { category, search, categories, visible, keepCategory, chooseCategory, typeSearch, eraseSearch, clearSearch, clearVisitorInput };
}

/** What CatalogueView.vue shows and calls. */
export type Catalogue<T> = Pick<ReturnType<typeof useCatalogueFilter>, 'chooseCategory' | 'typeSearch' | 'eraseSearch' | 'clearSearch'> & {
  readonly categories: readonly string[];
  readonly category: string | null;
  readonly search: string;
  readonly visible: readonly T[];
};
