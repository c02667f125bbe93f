import { parseTrackingCode, TRACKING_ALPHABET, TRACKING_CODE_LENGTH } from '@hall/server/forms';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FilingLookup } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';
import { useTypedCode } from '../../visitor/typed-code.ts';

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
  /** The symbols typed, canonical, without hyphens; shown grouped. */
  const code = useTypedCode({ max: TRACKING_CODE_LENGTH, accept: (symbol) => (/[0-9a-z]/i.test(symbol) ? canonical(symbol) : ''), show: groupCode });
  const results = ref<FilingLookup[]>([]);
  const via = ref<'code' | 'card' | null>(null);

  const problem = computed<'BAD_SYMBOL' | 'BAD_TRACKING_CODE' | null>(() => {
    if ([...code.text].some((ch) => !TRACKING_ALPHABET.includes(ch))) return 'BAD_SYMBOL';
    if (code.text.length === TRACKING_CODE_LENGTH && !parseTrackingCode(code.text)) return 'BAD_TRACKING_CODE';
    return null;
  });
  const complete = computed(() => code.text.length === TRACKING_CODE_LENGTH && problem.value === null);

  /** The typed code's filing; false (nothing asked) while the code is incomplete or wrong. Refusals propagate. */
  async function byCode(text: string = code.text): Promise<boolean> {
    const parsed = parseTrackingCode(text);
    if (!parsed) return false;
    results.value = [await kioskApi().lookupFiling(parsed)];
    via.value = 'code';
    return true;
  }

  async function byCard(): Promise<void> {
    results.value = await kioskApi().myFilings();
    via.value = 'card';
  }

  function reset() {
    code.clear();
    results.value = [];
    via.value = null;
  }

  return { code, results, via, problem, complete, byCode, byCard, reset };
});
