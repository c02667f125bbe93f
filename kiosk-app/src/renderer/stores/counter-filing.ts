import { FILING_TRANSITIONS } from '@hall/server/forms';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { FilingStatus } from '../../shared/kiosk-api.ts';
import { kioskApi } from '../kiosk.ts';
import { refusalOf } from '../refusal.ts';
import { useCounterStore } from './counter.ts';

export type FilingAction = 'accepted' | 'in-review' | 'done' | 'returned';

/** The hall's transitions (a filing done or returned is closed); the console offers only these. None leads back to `submitted`. */
export const FILING_ACTIONS = FILING_TRANSITIONS as Readonly<Record<FilingStatus, readonly FilingAction[]>>;

export type PagePicture = { state: 'loading' } | { state: 'ready'; url: string; contentType: string } | { state: 'failed' };

/**
 * The pre-registration box of the counter console (前台一口受理): the filing
 * linked to the ticket in hand, its pages fetched one by one from the device
 * host for the clerk to look at, and the clerk's decision on it.
 *
 * Pictures are held only while their filing's ticket is at this window:
 * when the ticket leaves, they go.
 */
export const useCounterFilingStore = defineStore('counter-filing', () => {
  const counter = useCounterStore();
  const pages = ref<Record<string, PagePicture>>({});
  /** The page shown large. */
  const enlarged = ref<{ sha256: string; label: string } | null>(null);
  const reason = ref('');
  /** The status change in flight. */
  const busy = ref<FilingAction | null>(null);

  const filing = computed(() => counter.current?.filing ?? null);
  const actions = computed<readonly FilingAction[]>(() => (filing.value ? FILING_ACTIONS[filing.value.status] : []));

  watch(
    () => filing.value?.trackingCode,
    (code, before) => {
      if (code === before) return;
      pages.value = {};
      enlarged.value = null;
      reason.value = '';
      if (counter.dialog === 'filing-page' || counter.dialog === 'filing-return') counter.dialog = null;
    },
  );

  async function loadPage(sha256: string) {
    if (pages.value[sha256]) return;
    const code = filing.value?.trackingCode;
    pages.value = { ...pages.value, [sha256]: { state: 'loading' } };
    try {
      const page = await kioskApi().filingPage(sha256);
      if (filing.value?.trackingCode !== code) return;
      pages.value = { ...pages.value, [sha256]: { state: 'ready', contentType: page.contentType, url: `data:${page.contentType};base64,${page.dataBase64}` } };
    } catch {
      if (filing.value?.trackingCode === code) pages.value = { ...pages.value, [sha256]: { state: 'failed' } };
    }
  }

  /** Every page of the filing in hand, fetched once each. */
  function loadPages() {
    for (const m of filing.value?.materials ?? []) for (const p of m.pages) void loadPage(p.sha256);
  }

  function enlarge(sha256: string, label: string) {
    enlarged.value = { sha256, label };
    counter.dialog = 'filing-page';
  }

  function openReturn() {
    if (!actions.value.includes('returned') || busy.value) return;
    reason.value = '';
    counter.dialog = 'filing-return';
  }

  function close() {
    counter.dialog = null;
    enlarged.value = null;
  }

  /** Moves the filing on; a return needs its reason (补正). The window comes back with the filing's new status. */
  async function update(status: FilingAction): Promise<boolean> {
    const f = filing.value;
    if (!f || busy.value || !actions.value.includes(status)) return false;
    const why = reason.value.trim();
    if (status === 'returned' && !why) return false;
    busy.value = status;
    try {
      const state = await kioskApi().updateFiling(f.trackingCode, status, status === 'returned' ? why : undefined);
      counter.apply(state);
      counter.notice = { kind: 'ok', key: `counterFiling.updated.${status}`, params: { code: f.trackingCode } };
      if (counter.dialog === 'filing-return') counter.dialog = null;
      reason.value = '';
      return true;
    } catch (err) {
      counter.notice = { kind: 'error', ...refusalOf(err) };
      await counter.resync();
      return false;
    } finally {
      busy.value = null;
    }
  }

  return { pages, enlarged, reason, busy, filing, actions, loadPage, loadPages, enlarge, openReturn, close, update };
});
