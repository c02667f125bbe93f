import { defineStore } from 'pinia';
import { computed, ref, toRef } from 'vue';
import type { IssuedTicket, MaskedCard, ScanEvent, TicketLookup } from '../../shared/kiosk-api.ts';
import { INTERRUPTIBLE, KIOSK_FLOW } from '../flow.ts';
import { kioskApi } from '../kiosk.ts';
import { refusalOf } from '../refusal.ts';
import { useVisitorSession } from '../visitor/session.ts';
import { useTypedCode } from '../visitor/typed-code.ts';
import { useDeviceStore } from './device.ts';
import { useGreenChannelStore } from './green-channel.ts';
import { useHallStore } from './hall.ts';
import { useServicesStore } from './services.ts';
import { useSettingsStore } from './settings.ts';

/** One visitor at the ticket kiosk: the shared visitor session, and what they presented and chose and the ticket they got. */
export const useSessionStore = defineStore('session', () => {
  const card = ref<MaskedCard | null>(null);
  /** What the visitor has typed on the keypad (appointment code or ticket number). */
  const keypad = useTypedCode({ max: 20 });
  const appointmentCode = ref<string | null>(null);
  const chosenServiceCode = ref<string | null>(null);
  const ticket = ref<IssuedTicket | null>(null);
  const printed = ref(true);
  const lookupResult = ref<TicketLookup | null>(null);

  const services = useServicesStore();
  const settings = useSettingsStore();
  const hall = useHallStore();
  const device = useDeviceStore();

  const visitor = useVisitorSession({
    flow: KIOSK_FLOW,
    timeouts: () => ({ idleMs: settings.timeouts.idleMs, endMs: settings.timeouts.ticketMs, countdownMs: settings.timeouts.countdownMs }),
    forget() {
      card.value = null;
      keypad.clear();
      appointmentCode.value = null;
      chosenServiceCode.value = null;
      ticket.value = null;
      printed.value = true;
      lookupResult.value = null;
      services.clearVisitorInput();
      useGreenChannelStore().reset();
    },
    identified: () => card.value !== null,
    clearLookup: () => keypad.clear(),
    unreadableCard: { at: ['attract', 'identify', 'services'], drop: () => (card.value = null) },
    steppedBack(from, to) {
      // Nothing half-typed by staff stays behind (the PIN least of all).
      if (from === 'green-staff') useGreenChannelStore().reset();
      else if (from === 'confirm' && to === 'services') chosenServiceCode.value = null;
    },
  });
  const { dispatch, forget, lookUp, ...shared } = visitor;
  const { flow, step, refuse } = shared;

  const via = computed(() => flow.value.via);
  /** The visitor checks an appointment in, rather than taking a ticket here. */
  const checkingIn = computed(() => flow.value.via === 'appointment-code' || flow.value.via === 'appointment-scan');
  const chosenService = computed(() => (chosenServiceCode.value ? (services.byCode(chosenServiceCode.value) ?? null) : null));
  const greenChannelOffered = computed(() => flow.value.via === 'card' && !!card.value?.greenChannelByAge && (chosenService.value?.greenChannel ?? true));
  /**
   * A staff member may vouch for the disabled/military green channel: for a
   * ticket taken here (not an appointment's), for a service with a green
   * channel, and not when the card's age already gives the visitor one.
   */
  const greenChannelVouchable = computed(
    () => (flow.value.via === 'card' || flow.value.via === 'anonymous') && (chosenService.value?.greenChannel ?? false) && !greenChannelOffered.value,
  );
  /** Why a ticket cannot be issued now, or null. */
  const issueBlock = computed<string | null>(() => {
    if (!hall.agentConnected) return 'AGENT_UNREACHABLE';
    return device.printerBlock;
  });

  function startTypingCode() {
    keypad.clear();
    dispatch({ type: 'type-code' });
  }

  function submitAppointmentCode() {
    const code = keypad.text.trim();
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
      refuse({ code: 'SERVICE_UNAVAILABLE' });
      return;
    }
    chosenServiceCode.value = code;
    dispatch({ type: 'choose' });
  }

  async function confirm() {
    if (flow.value.step !== 'confirm') return;
    if (issueBlock.value) {
      refuse({ code: issueBlock.value });
      return;
    }
    const how = flow.value.via;
    const appointment = checkingIn.value;
    const code = appointmentCode.value;
    const serviceCode = chosenServiceCode.value;
    dispatch({ type: 'confirm' });
    try {
      const api = kioskApi();
      const result = appointment
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

  async function submitLookup(number: string = keypad.text) {
    const wanted = number.trim().toUpperCase();
    if (!wanted) return;
    await lookUp(async () => {
      lookupResult.value = await kioskApi().lookupTicket(wanted);
      return true;
    });
  }

  function onCard(next: MaskedCard) {
    if (!INTERRUPTIBLE.includes(flow.value.step)) return;
    // A new card is a new visitor: keep nothing of the last one, but keep the card the host now holds.
    forget();
    card.value = next;
    dispatch({ type: 'card' });
  }

  function onScan(scan: ScanEvent) {
    const step = flow.value.step;
    if (scan.kind === 'appointment') {
      if (!INTERRUPTIBLE.includes(step)) return;
      forget();
      appointmentCode.value = scan.text;
      dispatch({ type: 'appointment', typed: false });
    } else if (scan.kind === 'ticket' && (step === 'attract' || step === 'lookup' || step === 'lookup-result')) {
      void submitLookup(scan.text);
    } else if (step === 'attract' || step === 'identify' || step === 'appointment-code' || step === 'lookup') {
      refuse({ code: 'SCAN_NOT_OURS' });
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

  return {
    ...shared,
    via,
    checkingIn,
    card,
    keypad,
    codeInput: toRef(keypad, 'text'),
    typeKey: keypad.type,
    appointmentCode,
    chosenServiceCode,
    chosenService,
    ticket,
    printed,
    lookupResult,
    greenChannelOffered,
    greenChannelVouchable,
    issueBlock,
    startTypingCode,
    submitAppointmentCode,
    noId,
    chooseService,
    confirm,
    submitLookup,
    onCard,
    onScan,
    askStaffForGreenChannel,
    submitGreenChannel,
  };
});
