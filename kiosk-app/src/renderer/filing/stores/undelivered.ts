import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UndeliveredFiling } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';

/**
 * For staff at the filing machine: the filings made here in an outage that
 * the hall refused for good once it was back. Read when the staff panel
 * opens (the agent asks for the staff session), dropped when it closes.
 */
export const useUndeliveredFilingsStore = defineStore('filing-undelivered', () => {
  const filings = ref<UndeliveredFiling[] | null>(null);
  const failed = ref(false);

  async function load() {
    failed.value = false;
    try {
      filings.value = await kioskApi().undeliveredFilings();
    } catch {
      filings.value = null;
      failed.value = true;
    }
  }
  function reset() {
    filings.value = null;
    failed.value = false;
  }

  return { filings, failed, load, reset };
});
