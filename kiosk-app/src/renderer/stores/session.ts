import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { KioskError, type IssuedTicket, type KioskErrorBody, type Localized, type MaskedCard, type ScanEvent, type TicketLookup } from '../../shared/kiosk-api.ts';
import { ATTRACT, remainingMs, transition, type FlowEvent, type FlowState, type Step } from '../flow.ts';
import { forgetVisitorAtHost, kioskApi } from '../kiosk.ts';
import { useDeviceStore } from './device.ts';
import { useGreenChannelStore } from './green-channel.ts';
import { useHallStore } from './hall.ts';
import { useIdleClock } from './idle-clock.ts';
import { useServicesStore } from './services.ts';
import { useSettingsStore } from './settings.ts';
import { useStaffStore } from './staff.ts';

/** Why the kiosk said no: the host's code and its messages, or a code the renderer words itself (`errors.<code>`). */
export type Refusal = { code: string; messages: Localized | null };

export function refusalOf(err: unknown): Refusal {
  if (err instanceof KioskError) return { code: err.code, messages: err.messages };
  const e = err as { code?: unknown; messages?: unknown; message?: unknown } | null;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const m = (e.messages ?? e.message) as Localized | undefined;
    return { code: e.code, messages: m && typeof m === 'object' && typeof m['zh-CN'] === 'string' ? m : null };
  }
  return { code: 'INTERNAL', messages: null };
}

const MAX_CODE = 20;
/** Where a newly presented card or appointment code may start a visitor over. */
const IDENTIFYING: readonly Step[] = ['attract', 'identify', 'appointment-code', 'services', 'confirm', 'ticket', 'refused', 'lookup', 'lookup-result'];

/** One visitor at the kiosk: where they are in the flow, what they presented and chose, and when they go idle. */
export const useSessionStore = defineStore('session', () => {
  const flow = ref<FlowState>(ATTRACT);
  const card = ref<MaskedCard | null>(null);
  /** What the visitor has typed on the keypad (appointment code or ticket number). */
  const codeInput = ref('');
  const appointmentCode = ref<string | null>(null);
  const chosenServiceCode = ref<string | null>(null);
  const ticket = ref<IssuedTicket | null>(null);
  const printed = ref(true);
  const refusal = ref<Refusal | null>(null);
  const lookupResult = ref<TicketLookup | null>(null);

  const services = useServicesStore();
  const settings = useSettingsStore();
  const hall = useHallStore();
  const device = useDeviceStore();

  const step = computed(() => flow.value.step);
  const via = computed(() => flow.value.via);
  const chosenService = computed(() => (chosenServiceCode.value ? services.byCode(chosenServiceCode.value) ?? null : null));
  // The countdown shows always on the ticket, else in the last 10 s.
  const { lastActivityAt, now, remaining, countdown, touch, tick, stepped } = useIdleClock({
    remainingMs: (last, at) => remainingMs(flow.value.step, last, at, settings.timeouts),
    countdownMs: () => settings.timeouts.countdownMs,
    alwaysCounting: () => flow.value.step === 'ticket',
    expired: () => wipe({ resetSettings: true }),
  });
  const greenChannelOffered = computed(
    () => flow.value.via === 'card' && !!card.value?.greenChannelByAge && (chosenService.value?.greenChannel ?? true),
  );
  /**
   * A staff member may vouch for the disabled/military green channel: for a
   * ticket taken here (not an appointment's), for a service with a green
   * channel, and not when the card's age already gives the visitor one.
   */
  const greenChannelVouchable = computed(
    () =>
      (flow.value.via === 'card' || flow.value.via === 'anonymous') &&
      (chosenService.value?.greenChannel ?? false) &&
      !greenChannelOffered.value,
  );
  /** Why a ticket cannot be issued now, or null. */
  const issueBlock = computed<string | null>(() => {
    if (!hall.agentConnected) return 'AGENT_UNREACHABLE';
    return device.printerBlock;
  });

  function dispatch(event: FlowEvent) {
    const before = flow.value.step;
    flow.value = transition(flow.value, event);
    if (flow.value.step !== before) stepped();
  }

  function clearVisitorData() {
    card.value = null;
    codeInput.value = '';
    appointmentCode.value = null;
    chosenServiceCode.value = null;
    ticket.value = null;
    printed.value = true;
    refusal.value = null;
    lookupResult.value = null;
    services.clearVisitorInput();
    useGreenChannelStore().reset();
  }

  /** Back to the attract screen with nothing of this visitor left, here or in the device host. */
  function wipe(options: { resetSettings?: boolean } = {}) {
    clearVisitorData();
    useStaffStore().reset();
    if (options.resetSettings) settings.reset();
    dispatch({ type: 'reset' });
    forgetVisitorAtHost();
  }

  function start() {
    dispatch({ type: 'start' });
  }

  function back() {
    const from = flow.value.step;
    dispatch({ type: 'back' });
    const to = flow.value.step;
    if (to === 'attract') wipe();
    else if (to === 'identify') {
      // Going back to identification drops what identified the visitor.
      const hadCard = card.value !== null;
      clearVisitorData();
      if (hadCard) forgetVisitorAtHost();
    } else if (from === 'refused') refusal.value = null;
    // Nothing half-typed by staff stays behind (the PIN least of all).
    else if (from === 'green-staff') useGreenChannelStore().reset();
    else if (to === 'services') chosenServiceCode.value = null;
  }

  function done() {
    wipe({ resetSettings: true });
  }

  function refuse(r: Refusal) {
    refusal.value = r;
    dispatch({ type: 'refused' });
  }

  function startTypingCode() {
    codeInput.value = '';
    dispatch({ type: 'type-code' });
  }
  function typeKey(key: string) {
    if (codeInput.value.length < MAX_CODE) codeInput.value += key;
  }
  function eraseKey() {
    codeInput.value = codeInput.value.slice(0, -1);
  }
  function clearKeys() {
    codeInput.value = '';
  }

  function submitAppointmentCode() {
    const code = codeInput.value.trim();
    if (!code) return;
    appointmentCode.value = code;
    dispatch({ type: 'appointment', typed: true });
  }

  function noId() {
    dispatch({ type: 'no-id', allowed: hall.anonymousAllowed });
  }

  function chooseService(code: string) {
    const service = services.offered.find((s) => s.code === code);
    if (!service) {
      refuse({ code: 'SERVICE_UNAVAILABLE', messages: null });
      return;
    }
    chosenServiceCode.value = code;
    dispatch({ type: 'choose' });
  }

  async function confirm() {
    if (flow.value.step !== 'confirm') return;
    if (issueBlock.value) {
      refuse({ code: issueBlock.value, messages: null });
      return;
    }
    const how = flow.value.via;
    const code = appointmentCode.value;
    const serviceCode = chosenServiceCode.value;
    dispatch({ type: 'confirm' });
    try {
      const api = kioskApi();
      const result =
        how === 'appointment-code' || how === 'appointment-scan'
          ? await api.checkIn(code ?? '')
          : await api.issueTicket({ serviceCode: serviceCode ?? '', withCard: how === 'card', greenChannel: useGreenChannelStore().forTicket() });
      if (step.value !== 'issuing') return;
      // The host spent the staff member's word on this ticket.
      useGreenChannelStore().reset();
      ticket.value = result.ticket;
      printed.value = result.printed;
      dispatch({ type: 'issued' });
    } catch (err) {
      if (step.value !== 'issuing') return;
      const r = refusalOf(err);
      // The host no longer holds a staff member's word (expired, or the hall is away): the screen stops claiming one.
      if (r.code === 'GREEN_CHANNEL_NEEDS_STAFF' || r.code === 'GREEN_CHANNEL_OFFLINE') useGreenChannelStore().reset();
      refuse(r);
    }
  }

  function startLookup() {
    codeInput.value = '';
    dispatch({ type: 'lookup' });
  }

  async function submitLookup(number: string = codeInput.value) {
    const wanted = number.trim().toUpperCase();
    if (!wanted) return;
    try {
      const result = await kioskApi().lookupTicket(wanted);
      lookupResult.value = result;
      dispatch({ type: 'looked-up' });
    } catch (err) {
      refuse(refusalOf(err));
    }
  }

  function onCard(next: MaskedCard) {
    if (!IDENTIFYING.includes(flow.value.step)) return;
    // A new card is a new visitor: keep nothing of the last one, but keep the card the host now holds.
    clearVisitorData();
    card.value = next;
    dispatch({ type: 'card' });
  }

  function onCardError(body: KioskErrorBody) {
    const step = flow.value.step;
    if (step !== 'attract' && step !== 'identify' && step !== 'services') return;
    card.value = null;
    refuse({ code: body.code, messages: body.message });
  }

  function onScan(scan: ScanEvent) {
    const step = flow.value.step;
    if (scan.kind === 'appointment') {
      if (!IDENTIFYING.includes(step)) return;
      clearVisitorData();
      appointmentCode.value = scan.text;
      dispatch({ type: 'appointment', typed: false });
    } else if (scan.kind === 'ticket' && (step === 'attract' || step === 'lookup' || step === 'lookup-result')) {
      void submitLookup(scan.text);
    } else if (step === 'attract' || step === 'identify' || step === 'appointment-code' || step === 'lookup') {
      refuse({ code: 'SCAN_NOT_OURS', messages: null });
    }
  }

  /** A staff member is asked to vouch for the visitor's green channel. */
  function askStaffForGreenChannel() {
    if (!greenChannelVouchable.value) return;
    useGreenChannelStore().reset();
    dispatch({ type: 'green-staff' });
  }

  /** The staff member's word was taken (or not): back to the confirmation either way. */
  async function submitGreenChannel() {
    if (flow.value.step !== 'green-staff') return;
    if (await useGreenChannelStore().vouch()) dispatch({ type: 'vouched' });
  }

  /** The staff corner was held: the visitor's session ends here. */
  function openStaff() {
    if (flow.value.step === 'issuing') return;
    const hadVisitor = flow.value.step !== 'attract';
    clearVisitorData();
    if (hadVisitor) forgetVisitorAtHost();
    dispatch({ type: 'staff' });
  }

  function staffSignedIn() {
    dispatch({ type: 'staff-ok' });
  }

  return {
    flow,
    step,
    via,
    card,
    codeInput,
    appointmentCode,
    chosenServiceCode,
    chosenService,
    ticket,
    printed,
    refusal,
    lookupResult,
    lastActivityAt,
    now,
    remaining,
    countdown,
    greenChannelOffered,
    greenChannelVouchable,
    issueBlock,
    touch,
    tick,
    start,
    back,
    done,
    wipe,
    startTypingCode,
    typeKey,
    eraseKey,
    clearKeys,
    submitAppointmentCode,
    noId,
    chooseService,
    confirm,
    startLookup,
    submitLookup,
    onCard,
    onCardError,
    onScan,
    openStaff,
    staffSignedIn,
    askStaffForGreenChannel,
    submitGreenChannel,
  };
});
