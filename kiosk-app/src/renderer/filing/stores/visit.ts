import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MaskedCard, ScanEvent, VisitorIdentity } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';
import { refusalOf } from '../../refusal.ts';
import { useSettingsStore } from '../../stores/settings.ts';
import { useVisitorSession } from '../../visitor/session.ts';
import { useTypedCode } from '../../visitor/typed-code.ts';
import { FILING_FLOW, filingTimeoutsFor } from '../flow.ts';
import { useFilingFormStore } from './form.ts';
import { useFilingItemsStore, whyClosed } from './items.ts';
import { useFilingLookupStore } from './lookup.ts';
import { useFilingMaterialsStore } from './materials.ts';
import { useFilingSubmissionStore } from './submission.ts';

/** A filing receipt's QR, as printed on it: `${trackBaseUrl}/filing/${code}`. */
const RECEIPT_QR = /\/filing\/([0-9A-Za-z-]{12,20})\b/;

/**
 * One visitor at the filing machine: the shared visitor session, and who
 * they are (card or company). It drives the other filing stores and wipes
 * them all — and the device host's copy — when the visitor leaves, times
 * out or is replaced by the next card.
 */
export const useFilingVisitStore = defineStore('filing-visit', () => {
  const visitor = ref<VisitorIdentity | null>(null);
  /** A company's unified social credit code as typed: 18 letters and digits. */
  const uscc = useTypedCode({ max: 18, accept: (symbol) => (/[0-9a-z]/i.test(symbol) ? symbol.toUpperCase() : '') });
  /** The item whose guide is being fetched. */
  const opening = ref<string | null>(null);
  const serviceCode = ref<string | null>(null);

  const settings = useSettingsStore();
  const items = useFilingItemsStore();
  const form = useFilingFormStore();
  const materials = useFilingMaterialsStore();
  const submission = useFilingSubmissionStore();
  const lookup = useFilingLookupStore();

  /** Everything of the filing in progress; the identity stays. */
  function clearFiling() {
    serviceCode.value = null;
    opening.value = null;
    form.reset();
    materials.wipe();
    submission.reset();
  }

  const session = useVisitorSession({
    flow: FILING_FLOW,
    timeouts() {
      const t = filingTimeoutsFor(settings.elderly);
      return { idleMs: t.idleMs, endMs: t.receiptMs, countdownMs: t.countdownMs };
    },
    forget() {
      clearFiling();
      visitor.value = null;
      uscc.clear();
      items.clearVisitorInput();
      lookup.reset();
    },
    identified: () => visitor.value !== null,
    clearLookup: () => lookup.reset(),
    unreadableCard: { at: ['attract', 'identify', 'items', 'lookup'] },
    steppedBack(from, to) {
      if (to === 'items') {
        // Another item: this one's pages go, here and in the host.
        materials.discard();
        clearFiling();
      } else if (to === 'lookup' && from !== 'refused') lookup.reset();
    },
  });
  const { dispatch, forget, lookUp, ...shared } = session;
  const { flow, step, refuse, wipe } = shared;

  const item = computed(() => (serviceCode.value ? (items.byCode(serviceCode.value) ?? null) : null));

  /** A new identity (card or company) starts a new filing; the same card again changes nothing. */
  function identified(next: VisitorIdentity) {
    const same = visitor.value && visitor.value.kind === next.kind && visitor.value.masked === next.masked && visitor.value.nameMasked === next.nameMasked;
    if (same && flow.value.step !== 'attract' && flow.value.step !== 'identify' && flow.value.step !== 'company') return;
    forget();
    visitor.value = next;
    dispatch({ type: 'identified' });
  }

  async function onCard(card: MaskedCard) {
    const s = flow.value.step;
    // On the look-up, a card asks for its holder's filings.
    if (s === 'lookup' || s === 'lookup-result') return lookUp(async () => (await lookup.byCard(), true));
    if (s === 'submitting' || s === 'staff' || s === 'staff-pin') return;
    identified({ kind: 'citizen', masked: card.idMasked, nameMasked: card.nameMasked });
  }

  async function identifyCompany(typed: string = uscc.text) {
    const code = typed.trim().toUpperCase();
    if (!code) return;
    try {
      identified(await kioskApi().identifyCompany(code));
      uscc.clear();
    } catch (err) {
      refuse(refusalOf(err));
    }
  }

  function onScan(scan: ScanEvent) {
    const s = flow.value.step;
    const qr = RECEIPT_QR.exec(scan.text)?.[1];
    if (scan.kind === 'uscc' && ['attract', 'identify', 'company', 'items', 'refused'].includes(s)) void identifyCompany(scan.text);
    else if (qr && (s === 'attract' || s === 'lookup' || s === 'lookup-result')) void findByCode(qr);
    else if (s === 'attract' || s === 'identify' || s === 'company' || s === 'lookup') refuse({ code: 'SCAN_NOT_FILING' });
  }

  function typeUscc() {
    uscc.clear();
    dispatch({ type: 'type-uscc' });
  }

  /** Opens an item's guide (and with it the form and the materials) for the identified visitor. */
  async function choose(code: string) {
    const chosen = items.byCode(code);
    if (!chosen || flow.value.step !== 'items' || opening.value) return;
    if (whyClosed(chosen, visitor.value)) return;
    opening.value = code;
    try {
      const view = await kioskApi().filingGuide(code);
      if (flow.value.step !== 'items' || opening.value !== code) return;
      serviceCode.value = code;
      form.load(view);
      void materials.load(view.guide);
      dispatch({ type: 'choose' });
    } catch (err) {
      if (flow.value.step === 'items') refuse(refusalOf(err));
    } finally {
      opening.value = null;
    }
  }

  /** On from the guide, the form (if it is valid) or the materials (if they are complete). */
  function next() {
    const s = flow.value.step;
    if (s === 'form' && !form.tryNext()) return;
    if (s === 'materials' && materials.block) return;
    dispatch({ type: 'next' });
  }

  async function submit() {
    if (flow.value.step !== 'review' || !serviceCode.value) return;
    const request = {
      serviceCode: serviceCode.value,
      form: form.submission(),
      materials: materials.choices(),
      keepForReuse: materials.keepForReuse,
      reuseConsent: materials.anyReuse && materials.reuseConsent,
    };
    dispatch({ type: 'submit' });
    const outcome = await submission.submit(request);
    if (step.value !== 'submitting') return;
    if (outcome.kind === 'filed') dispatch({ type: 'filed' });
    else if (outcome.kind === 'form') {
      form.applyHallErrors(outcome.errors);
      dispatch({ type: 'fix', at: 'form' });
    } else if (outcome.kind === 'materials') {
      materials.setHallRefusal(outcome.refusal);
      dispatch({ type: 'fix', at: 'materials' });
    } else refuse(outcome.refusal);
  }

  function findByCode(text?: string) {
    return lookUp(() => lookup.byCode(text));
  }

  /**
   * After the device service comes back: if it no longer holds this visitor
   * (it restarted, and with it went the card and the staged pages), the
   * filing cannot be submitted as it stands, so the visitor starts again.
   */
  async function recheckVisitor() {
    const mine = visitor.value;
    const s = flow.value.step;
    if (!mine || s === 'attract' || s === 'receipt' || s === 'submitting' || s === 'lookup' || s === 'lookup-result') return;
    let held: VisitorIdentity | null;
    try {
      held = await kioskApi().visitor();
    } catch {
      return;
    }
    if (held && held.kind === mine.kind && held.masked === mine.masked) return;
    if (visitor.value !== mine) return;
    wipe();
    refuse({ code: 'VISITOR_LOST' });
  }

  return {
    ...shared,
    visitor,
    uscc,
    opening,
    serviceCode,
    item,
    onCard,
    onScan,
    identifyCompany,
    typeUscc,
    choose,
    next,
    submit,
    findByCode,
    recheckVisitor,
  };
});
