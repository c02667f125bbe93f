import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CounterAction, CounterActionEvent, CounterResult, CounterState, CounterSummary, TransferTargets } from '../../shared/kiosk-api.ts';
import { kioskApi } from '../kiosk.ts';
import { refusalOf, type Refusal } from '../refusal.ts';
import { useStaffEntry } from './staff-entry.ts';

/** What the console says after an action: its words (`counter.notice.*`), or a refusal worded by its code. */
export type CounterNotice =
  | { kind: 'ok' | 'info'; key: string; params?: Record<string, string | number>; source?: 'keypad' }
  | (Refusal & { kind: 'error'; source?: 'keypad' });

/** The filing dialogs (a page enlarged, a return's reason) are the pre-registration box's (stores/counter-filing.ts). */
export type CounterDialog = 'call-number' | 'transfer' | 'pause' | 'filing-page' | 'filing-return' | null;

const MAX_NUMBER = 6;

/** The clerk's console: the window, the ticket in hand, the day's figures, and the actions, one at a time. */
export const useCounterStore = defineStore('counter', () => {
  const window = ref<CounterState | null>(null);
  const summary = ref<CounterSummary | null>(null);
  /** The action whose request is in flight; every button waits for it. */
  const busy = ref<CounterAction | null>(null);
  const notice = ref<CounterNotice | null>(null);
  const dialog = ref<CounterDialog>(null);

  // Sign-in form.
  const { field, staffNo, pin, focus, type, fill, erase, clearField } = useStaffEntry();

  // Dialog inputs.
  const typedNumber = ref('');
  const transferKind = ref<'service' | 'window'>('service');
  const transferTarget = ref('');
  const transferNote = ref('');
  const pauseReason = ref('');
  const targets = ref<TransferTargets | null>(null);

  const signedIn = computed(() => !!window.value?.clerk && window.value.state !== 'closed');
  const current = computed(() => window.value?.current ?? null);
  const open = computed(() => window.value?.state === 'open');
  const paused = computed(() => window.value?.state === 'paused');
  const waitingTotal = computed(() => (window.value?.queue ?? []).reduce((n, q) => n + q.waiting, 0));
  const idle = computed(() => busy.value === null);
  const can = computed(() => {
    const c = current.value;
    const free = idle.value && signedIn.value;
    return {
      callNext: free && open.value,
      callNumber: free && open.value,
      recall: free && c?.status === 'called',
      noShow: free && c?.status === 'called',
      start: free && c?.status === 'called',
      finish: free && !!c,
      transfer: free && !!c,
      pause: free && open.value,
      resume: free && paused.value,
      signOut: free && !c,
    };
  });

  function apply(state: CounterState) {
    // Older news never overwrites newer (an event overtaken by an action's answer).
    if (window.value && state.seq < window.value.seq && state.rating.state === window.value.rating.state) return;
    window.value = state;
  }

  async function refreshSummary() {
    try {
      summary.value = await kioskApi().windowSummary();
    } catch {
      // The figures are a convenience: the next action refreshes them.
    }
  }

  /** Fetches the window afresh (after a refusal, and whenever the device service reconnects). */
  async function resync() {
    try {
      window.value = await kioskApi().counterState();
    } catch {
      // Still unreachable: the status bar says so.
    }
    if (signedIn.value) await refreshSummary();
  }

  async function load() {
    await resync();
  }

  /**
   * Runs one action. While it is in flight every button is disabled and a
   * second press of anything is ignored; a refusal is shown and the window
   * is fetched again, so the console never acts on a stale picture.
   */
  async function run(action: CounterAction, call: () => Promise<CounterResult>, done?: (r: CounterResult) => CounterNotice | null): Promise<boolean> {
    if (busy.value !== null) return false;
    busy.value = action;
    notice.value = null;
    try {
      const result = await call();
      window.value = result.state;
      notice.value = done?.(result) ?? null;
      void refreshSummary();
      return true;
    } catch (err) {
      notice.value = { kind: 'error', ...refusalOf(err) };
      await resync();
      return false;
    } finally {
      busy.value = null;
    }
  }

  /** The notice `counter.notice.<words>` about the number an action concerned. */
  const saying =
    (words: string) =>
    (r: { number?: string }): CounterNotice => ({ kind: 'ok', key: `counter.notice.${words}`, params: { number: r.number ?? '' } });
  const called = (r: CounterResult): CounterNotice => (r.nobodyWaiting ? { kind: 'info', key: 'counter.notice.nobodyWaiting' } : saying('called')(r));

  const callNext = () => run('callNext', () => kioskApi().callNext(), called);
  const recall = () => run('recallTicket', () => kioskApi().recallTicket(), saying('recalled'));
  const noShow = () => withCurrent((id) => run('skipTicket', () => kioskApi().skipTicket(id), saying('noShow')));
  const start = () => withCurrent((id) => run('startService', () => kioskApi().startService(id)));
  const finish = () => withCurrent((id) => run('finishTicket', () => kioskApi().finishTicket(id), saying('finished')));
  const resume = () => run('resumeWindow', () => kioskApi().resumeWindow());
  const signOut = () =>
    run('signOut', () =>
      kioskApi()
        .signOut()
        .then((state) => ({ state })),
    );

  /** Acts on the ticket the clerk sees: if the hall has moved on, the hall refuses and the console resyncs. */
  function withCurrent(fn: (ticketId: string) => Promise<boolean>): Promise<boolean> {
    const id = current.value?.id;
    if (!id) return Promise.resolve(false);
    return fn(id);
  }

  // --- sign-in ---

  async function signIn() {
    if (!staffNo.value || !pin.value) return false;
    const entered = { staffNo: staffNo.value.trim(), pin: pin.value };
    pin.value = '';
    const ok = await run(
      'signIn',
      () =>
        kioskApi()
          .signIn(entered.staffNo, entered.pin)
          .then((state) => ({ state })),
      () => ({ kind: 'ok', key: 'counter.notice.signedIn' }),
    );
    if (ok) {
      staffNo.value = '';
      field.value = 'staffNo';
    } else field.value = 'pin';
    return ok;
  }

  // --- dialogs ---

  async function openDialog(which: 'call-number' | 'transfer' | 'pause') {
    if (!idle.value || !signedIn.value) return;
    if (which === 'call-number' && !can.value.callNumber) return;
    if (which === 'transfer' && !can.value.transfer) return;
    if (which === 'pause' && !can.value.pause) return;
    dialog.value = which;
    if (which === 'call-number') typedNumber.value = '';
    if (which === 'pause') pauseReason.value = '';
    if (which === 'transfer') {
      transferTarget.value = '';
      transferNote.value = '';
      if (!targets.value) {
        try {
          targets.value = await kioskApi().transferTargets();
        } catch (err) {
          notice.value = { kind: 'error', ...refusalOf(err) };
        }
      }
    }
  }
  function closeDialog() {
    dialog.value = null;
  }
  /** A transfer to a service or to a window: the target chosen for the other kind does not carry over. */
  function chooseTransferKind(kind: 'service' | 'window') {
    transferKind.value = kind;
    transferTarget.value = '';
  }
  function typeNumber(key: string) {
    if (typedNumber.value.length < MAX_NUMBER) typedNumber.value = (typedNumber.value + key).toUpperCase();
  }
  function eraseNumber() {
    typedNumber.value = typedNumber.value.slice(0, -1);
  }
  async function callNumber() {
    const number = typedNumber.value.trim().toUpperCase();
    if (!number) return false;
    dialog.value = null;
    return run('callTicket', () => kioskApi().callTicket(number), called);
  }
  async function transfer() {
    const target = transferTarget.value;
    if (!target) return false;
    const id = current.value?.id;
    dialog.value = null;
    const request = transferKind.value === 'window' ? { toWindowNo: Number(target) } : { toServiceCode: target };
    return run(
      'transferTicket',
      () =>
        kioskApi().transferTicket({ ...(id ? { ticketId: id } : {}), ...request, ...(transferNote.value.trim() ? { note: transferNote.value.trim() } : {}) }),
      saying('transferred'),
    );
  }
  async function pause(reason = pauseReason.value) {
    const why = reason.trim();
    if (!why) return false;
    dialog.value = null;
    return run('pauseWindow', () => kioskApi().pauseWindow(why));
  }

  /** An action taken at the caller keypad (the console's own actions already said how they went). */
  function onAction(event: CounterActionEvent) {
    if (event.source !== 'keypad') return;
    if (event.ok) {
      if (event.action === 'callNext' || event.action === 'callTicket') notice.value = { ...called({ state: window.value!, ...event }), source: 'keypad' };
      else notice.value = { ...saying(`keypad.${event.action}`)(event), source: 'keypad' };
      void refreshSummary();
    } else if (event.error) notice.value = { kind: 'error', ...refusalOf(event.error), source: 'keypad' };
  }

  /**
   * Keyboard shortcuts: F1/Space call next, F2 recall, F3 no-show, F4 call a
   * number, F5 transfer, F6 pause or resume, F7/Enter finish; Escape closes a
   * dialog. Returns true when the key was the console's (the caller then
   * stops the browser's own use of it).
   */
  function handleKey(key: string, options: { typing?: boolean } = {}): boolean {
    if (!signedIn.value) return false;
    if (dialog.value) {
      if (key === 'Escape') {
        closeDialog();
        return true;
      }
      return false;
    }
    // Space and Enter belong to a text field the clerk is typing in.
    if (options.typing && (key === ' ' || key === 'Enter')) return false;
    switch (key) {
      case 'F1':
      case ' ':
        void callNext();
        return true;
      case 'F2':
        void recall();
        return true;
      case 'F3':
        void noShow();
        return true;
      case 'F4':
        void openDialog('call-number');
        return true;
      case 'F5':
        void openDialog('transfer');
        return true;
      case 'F6':
        if (paused.value) void resume();
        else void openDialog('pause');
        return true;
      case 'F7':
      case 'Enter':
        void finish();
        return true;
      default:
        return false;
    }
  }

  return {
    window,
    summary,
    busy,
    notice,
    dialog,
    staffNo,
    pin,
    field,
    typedNumber,
    transferKind,
    transferTarget,
    transferNote,
    pauseReason,
    targets,
    signedIn,
    current,
    open,
    paused,
    waitingTotal,
    can,
    apply,
    load,
    resync,
    refreshSummary,
    callNext,
    recall,
    noShow,
    start,
    finish,
    resume,
    signOut,
    focus,
    type,
    fill,
    erase,
    clearField,
    signIn,
    openDialog,
    closeDialog,
    chooseTransferKind,
    typeNumber,
    eraseNumber,
    callNumber,
    transfer,
    pause,
    onAction,
    handleKey,
  };
});
