import { parseTrackingCode, TRACKING_ALPHABET, TRACKING_CODE_LENGTH } from '@hall/server/forms';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FilingLookup } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';

/** Symbols as Crockford reads them: I and L are 1, O is 0; anything else outside the alphabet is kept, to be refused. */
function canonical(symbol: string): string {
  const s = symbol.toUpperCase();
  return s === 'I' || s === 'L' ? '1' : s === 'O' ? '0' : s;
}

/** XXXX-XXXX-XXXX as far as it goes, so the visitor compares groups of four with the receipt. */
export function groupCode(symbols: string): string {
  return (symbols.match(/.{1,4}/g) ?? []).join('-');
}

/**
 * 一码查询: a filing found by the tracking code on its receipt, or every
 * filing of the ID card swiped here. A code is checked as it is typed: a
 * symbol that is not in the code's alphabet, or twelve symbols whose check
 * symbol is wrong, is said at once — before anything is looked up.
 */
export const useFilingLookupStore = defineStore('filing-lookup', () => {
  /** The symbols typed, canonical, without hyphens. */
  const typed = ref('');
  const results = ref<FilingLookup[]>([]);
  const via = ref<'code' | 'card' | null>(null);

  const shown = computed(() => groupCode(typed.value));
  const problem = computed<'BAD_SYMBOL' | 'BAD_TRACKING_CODE' | null>(() => {
    if ([...typed.value].some((ch) => !TRACKING_ALPHABET.includes(ch))) return 'BAD_SYMBOL';
    if (typed.value.length === TRACKING_CODE_LENGTH && !parseTrackingCode(typed.value)) return 'BAD_TRACKING_CODE';
    return null;
  });
  const complete = computed(() => typed.value.length === TRACKING_CODE_LENGTH && problem.value === null);

  function type(key: string) {
    for (const ch of key) if (/[0-9a-z]/i.test(ch) && typed.value.length < TRACKING_CODE_LENGTH) typed.value += canonical(ch);
  }
  /** What was typed into the field itself (a hardware keyboard, or a test): hyphens and spaces are ignored. */
  function setText(text: string) {
    typed.value = '';
    type(text);
  }
  function erase() {
    typed.value = typed.value.slice(0, -1);
  }
  function clear() {
    typed.value = '';
  }

  /** The typed code's filing; false (nothing asked) while the code is incomplete or wrong. Refusals propagate. */
  async function byCode(text: string = typed.value): Promise<boolean> {
    const code = parseTrackingCode(text);
    if (!code) return false;
    results.value = [await kioskApi().lookupFiling(code)];
    via.value = 'code';
    return true;
  }

  async function byCard(): Promise<void> {
    results.value = await kioskApi().myFilings();
    via.value = 'card';
  }

  function reset() {
    typed.value = '';
    results.value = [];
    via.value = null;
  }

  return { typed, results, via, shown, problem, complete, type, setText, erase, clear, byCode, byCard, reset };
});
