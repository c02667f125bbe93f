/**
 * The hall as a display sees it: windows, the load of each service, recent
 * calls, kept current from the socket by `seq`. Several messages of one
 * change share a `seq`, so an equal seq still applies; a lower one is stale
 * and ignored; a jump of more than one means something was missed, and a
 * snapshot is requested.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Call, QueueSnapshot, QueueUpdatedEvent, ServiceLoad, TicketCalledEvent, Window, WindowUpdatedEvent } from '@hall/server/protocol';
import type { HallLink } from './link.ts';

export const RECENT_CALLS_KEPT = 20;

export type CallListener = (call: TicketCalledEvent) => void;
export type WindowListener = (window: Window, previous: Window | undefined) => void;

const callKey = (c: Pick<Call, 'ticketId' | 'recallCount' | 'calledAt'>) => `${c.ticketId}/${c.recallCount}/${c.calledAt}`;

export const useHallStore = defineStore('hall', () => {
  const seq = ref<number | undefined>(undefined);
  const online = ref(false);
  /** The hall refused the token: `UNAUTHENTICATED` or `FORBIDDEN_ROLE`. */
  const refusal = ref<string | undefined>(undefined);
  const hall = shallowRef<QueueSnapshot['hall'] | undefined>(undefined);
  const day = ref<string | undefined>(undefined);
  const services = ref<ServiceLoad[]>([]);
  const windows = ref<Record<number, Window>>({});
  const recentCalls = ref<Call[]>([]);
  const resyncs = ref(0);

  const lastCall = computed<Call | undefined>(() => recentCalls.value[0]);

  let link: HallLink | undefined;
  let resyncing = false;
  let acceptAnySnapshot = true;
  const seen = new Set<string>();
  const callListeners = new Set<CallListener>();
  const windowListeners = new Set<WindowListener>();

  function remember(key: string): boolean {
    if (seen.has(key)) return false;
    seen.add(key);
    if (seen.size > 500) seen.delete(seen.values().next().value!);
    return true;
  }

  function applySnapshot(snapshot: QueueSnapshot): void {
    if (seq.value !== undefined && snapshot.seq < seq.value && !acceptAnySnapshot) return;
    acceptAnySnapshot = false;
    seq.value = snapshot.seq;
    hall.value = snapshot.hall;
    day.value = snapshot.day;
    services.value = snapshot.services;
    const previous = windows.value;
    windows.value = Object.fromEntries(snapshot.windows.map((w) => [w.no, w]));
    recentCalls.value = snapshot.recentCalls.slice(0, RECENT_CALLS_KEPT);
    // Calls a snapshot lists have happened already: they are shown, never announced.
    for (const c of snapshot.recentCalls) remember(callKey(c));
    for (const w of snapshot.windows) if (previous[w.no]) windowListeners.forEach((l) => l(w, previous[w.no]));
  }

  /** Decides whether an event applies, and asks for a snapshot when one was missed. */
  function admit(eventSeq: number): boolean {
    const last = seq.value;
    if (last !== undefined && eventSeq < last) return false;
    if (last === undefined || eventSeq > last + 1) void resync();
    seq.value = last === undefined ? eventSeq : Math.max(last, eventSeq);
    return true;
  }

  async function resync(): Promise<void> {
    if (!link || resyncing) return;
    resyncing = true;
    resyncs.value++;
    try {
      applySnapshot(await link.requestSnapshot());
    } catch {
      // The next event with a gap, or the next connect, asks again.
    } finally {
      resyncing = false;
    }
  }

  function applyCalled(event: TicketCalledEvent): void {
    if (!admit(event.seq)) return;
    const { seq: _seq, waiting, ...call } = event;
    const w = windows.value[call.windowNo];
    if (w) {
      windows.value = {
        ...windows.value,
        [call.windowNo]: {
          ...w,
          current: { ticketId: call.ticketId, number: call.number, serviceCode: call.serviceCode, status: 'called', calledAt: call.calledAt },
        },
      };
    }
    services.value = services.value.map((s) =>
      s.code === call.serviceCode
        ? { ...s, waiting, estimatedWaitMinutes: s.waiting > 0 ? Math.round((s.estimatedWaitMinutes * waiting) / s.waiting) : s.estimatedWaitMinutes }
        : s,
    );
    recentCalls.value = [call, ...recentCalls.value.filter((c) => c.ticketId !== call.ticketId)].slice(0, RECENT_CALLS_KEPT);
    if (remember(callKey(call))) callListeners.forEach((l) => l(event));
  }

  function applyWindow(event: WindowUpdatedEvent): void {
    if (!admit(event.seq)) return;
    const { seq: _seq, change: _change, ...window } = event;
    const previous = windows.value[window.no];
    windows.value = { ...windows.value, [window.no]: window };
    windowListeners.forEach((l) => l(window, previous));
  }

  function applyQueue(event: QueueUpdatedEvent): void {
    if (!admit(event.seq)) return;
    const changed = new Map(event.services.map((s) => [s.code, s]));
    const known = new Set(services.value.map((s) => s.code));
    services.value = [...services.value.map((s) => changed.get(s.code) ?? s), ...event.services.filter((s) => !known.has(s.code))];
  }

  function applySeq(event: { seq: number }): void {
    admit(event.seq);
  }

  function setConnection(state: { online: boolean; error?: string }): void {
    online.value = state.online;
    if (state.online) {
      refusal.value = undefined;
      // The hall sends a snapshot on every fresh connection; a rebuilt hall may have started its seq again.
      acceptAnySnapshot = true;
    } else if (state.error) {
      refusal.value = state.error;
    }
  }

  function attach(to: HallLink): void {
    link = to;
    to.onConnection(setConnection);
    to.on('queue:snapshot', applySnapshot);
    to.on('ticket:called', applyCalled);
    to.on('window:updated', applyWindow);
    to.on('queue:updated', applyQueue);
    to.on('hall:seq', applySeq);
  }

  function onCall(listener: CallListener): () => void {
    callListeners.add(listener);
    return () => callListeners.delete(listener);
  }

  function onWindow(listener: WindowListener): () => void {
    windowListeners.add(listener);
    return () => windowListeners.delete(listener);
  }

  return {
    seq,
    online,
    refusal,
    hall,
    day,
    services,
    windows,
    recentCalls,
    lastCall,
    resyncs,
    attach,
    applySnapshot,
    applyCalled,
    applyWindow,
    applyQueue,
    applySeq,
    setConnection,
    resync,
    onCall,
    onWindow,
  };
});
