import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { KioskErrorBody, MaskedCard, ScanEvent, VisitorIdentity } from '../../../shared/kiosk-api.ts';
import { forgetVisitorAtHost, kioskApi } from '../../kiosk.ts';
import { refusalOf, type Refusal } from '../../stores/session.ts';
import { useIdleClock } from '../../stores/idle-clock.ts';
import { useSettingsStore } from '../../stores/settings.ts';
import { useStaffStore } from '../../stores/staff.ts';
import { FILING_ATTRACT, filingRemainingMs, filingTimeoutsFor, filingTransition, type FilingEvent, type FilingFlow, type FilingStep } from '../flow.ts';
import { useFilingFormStore } from './form.ts';
import { useFilingItemsStore, whyClosed } from './items.ts';
import { useFilingLookupStore } from './lookup.ts';
import { useFilingMaterialsStore } from './materials.ts';
import { useFilingSubmissionStore } from './submission.ts';

/** A filing receipt's QR, as printed on it: `${trackBaseUrl}/filing/${code}`. */
const RECEIPT_QR = /\/filing\/([0-9A-Za-z-]{12,20})\b/;

const MAX_USCC = 18;

/**
 * One visitor at the filing machine: who they are (card or company), where
 * they are in the flow, and when they go idle. It drives the other filing
 * stores and wipes them all — and the device host's copy — when the
 * visitor leaves, times out or is replaced by the next card.
 */
export const useFilingVisitStore = defineStore('filing-visit', () => {
  const flow = ref<FilingFlow>(FILING_ATTRACT);
  const visitor = ref<VisitorIdentity | null>(null);
  const refusal = ref<Refusal | null>(null);
  const usccInput = ref('');
  /** The item whose guide is being fetched. */
  const opening = ref<string | null>(null);
  const serviceCode = ref<string | null>(null);

  const settings = useSettingsStore();
  const items = useFilingItemsStore();
  const form = useFilingFormStore();
  const materials = useFilingMaterialsStore();
  const submission = useFilingSubmissionStore();
  const lookup = useFilingLookupStore();

  const step = computed(() => flow.value.step);
  const timeouts = computed(() => filingTimeoutsFor(settings.elderly));
  // The countdown shows always on the receipt, else in the last 10 s.
  const { lastActivityAt, now, remaining, countdown, touch, tick, stepped } = useIdleClock({
    remainingMs: (last, at) => filingRemainingMs(flow.value.step, last, at, timeouts.value),
    countdownMs: () => timeouts.value.countdownMs,
    alwaysCounting: () => flow.value.step === 'receipt',
    expired: () => wipe({ resetSettings: true }),
  });
  const item = computed(() => (serviceCode.value ? items.byCode(serviceCode.value) ?? null : null));

  function dispatch(event: FilingEvent) {
    const before = flow.value.step;
    flow.value = filingTransition(flow.value, event);
    if (flow.value.step !== before) stepped();
  }

  /** Everything of the filing in progress; the identity stays. */
  function clearFiling() {
    serviceCode.value = null;
    opening.value = null;
    form.reset();
    materials.wipe();
    submission.reset();
    refusal.value = null;
  }

  function clearVisitor() {
    clearFiling();
    visitor.value = null;
    usccInput.value = '';
    items.clearVisitorInput();
    lookup.reset();
  }

  /** Back to the attract screen with nothing of this visitor left, here or in the device host. */
  function wipe(options: { resetSettings?: boolean } = {}) {
    clearVisitor();
    useStaffStore().reset();
    if (options.resetSettings) settings.reset();
    dispatch({ type: 'reset' });
    forgetVisitorAtHost();
  }


  function refuse(r: Refusal) {
    refusal.value = r;
    dispatch({ type: 'refused' });
  }

  function start() {
    dispatch({ type: 'start' });
  }
  function done() {
    wipe({ resetSettings: true });
  }

  function back() {
    const from = flow.value.step;
    dispatch({ type: 'back' });
    const to = flow.value.step;
    if (to === 'attract') wipe();
    else if (to === 'identify' && visitor.value) {
      // Back to identification lets go of the identity, here and in the host.
      clearVisitor();
      forgetVisitorAtHost();
    } else if (to === 'items') {
      materials.discard();
      clearFiling();
    }
    else if (from === 'refused') refusal.value = null;
    else if (to === 'lookup') lookup.reset();
  }

  /** A new identity (card or company) starts a new filing; the same card again changes nothing. */
  function identified(next: VisitorIdentity) {
    const same = visitor.value && visitor.value.kind === next.kind && visitor.value.masked === next.masked && visitor.value.nameMasked === next.nameMasked;
    if (same && flow.value.step !== 'attract' && flow.value.step !== 'identify' && flow.value.step !== 'company') return;
    clearVisitor();
    visitor.value = next;
    dispatch({ type: 'identified' });
  }

  async function onCard(card: MaskedCard) {
    const s = flow.value.step;
    if (s === 'lookup' || s === 'lookup-result') {
      try {
        await lookup.byCard();
        dispatch({ type: 'looked-up' });
      } catch (err) {
        refuse(refusalOf(err));
      }
      return;
    }
    if (s === 'submitting' || s === 'staff' || s === 'staff-pin') return;
    identified({ kind: 'citizen', masked: card.idMasked, nameMasked: card.nameMasked });
  }

  function onCardError(body: KioskErrorBody) {
    const s = flow.value.step;
    if (s === 'attract' || s === 'identify' || s === 'items' || s === 'lookup') refuse({ code: body.code, messages: body.message });
  }

  async function identifyCompany(uscc: string = usccInput.value) {
    const code = uscc.trim().toUpperCase();
    if (!code) return;
    try {
      identified(await kioskApi().identifyCompany(code));
      usccInput.value = '';
    } catch (err) {
      refuse(refusalOf(err));
    }
  }

  function onScan(scan: ScanEvent) {
    const s = flow.value.step;
    const qr = RECEIPT_QR.exec(scan.text)?.[1];
    if (scan.kind === 'uscc' && ['attract', 'identify', 'company', 'items', 'refused'].includes(s)) void identifyCompany(scan.text);
    else if (qr && (s === 'attract' || s === 'lookup' || s === 'lookup-result')) void findByCode(qr);
    else if (s === 'attract' || s === 'identify' || s === 'company' || s === 'lookup') refuse({ code: 'SCAN_NOT_FILING', messages: null });
  }

  function typeUscc() {
    usccInput.value = '';
    dispatch({ type: 'type-uscc' });
  }
  function typeUsccKey(key: string) {
    if (usccInput.value.length < MAX_USCC) usccInput.value += key.toUpperCase();
  }
  function setUscc(text: string) {
    usccInput.value = text.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, MAX_USCC);
  }
  function eraseUscc() {
    usccInput.value = usccInput.value.slice(0, -1);
  }
  function clearUscc() {
    usccInput.value = '';
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

  function startLookup() {
    lookup.reset();
    dispatch({ type: 'lookup' });
  }

  async function findByCode(text?: string) {
    try {
      if (await lookup.byCode(text)) dispatch({ type: 'looked-up' });
    } catch (err) {
      refuse(refusalOf(err));
    }
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
    refuse({ code: 'VISITOR_LOST', messages: null });
  }

  function openStaff() {
    if (flow.value.step === 'submitting') return;
    const hadVisitor = flow.value.step !== 'attract';
    clearVisitor();
    if (hadVisitor) forgetVisitorAtHost();
    dispatch({ type: 'staff' });
  }
  function staffSignedIn() {
    dispatch({ type: 'staff-ok' });
  }

  return {
    flow,
    step,
    visitor,
    refusal,
    usccInput,
    opening,
    serviceCode,
    item,
    lastActivityAt,
    now,
    remaining,
    countdown,
    touch,
    tick,
    wipe,
    start,
    done,
    back,
    refuse,
    onCard,
    onCardError,
    onScan,
    identifyCompany,
    typeUscc,
    typeUsccKey,
    setUscc,
    eraseUscc,
    clearUscc,
    choose,
    next,
    submit,
    startLookup,
    findByCode,
    recheckVisitor,
    openStaff,
    staffSignedIn,
  };
});

export type { FilingStep };
