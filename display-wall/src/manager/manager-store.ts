/**
 * The manager's wall: the hall store's live queue (seq stream) joined with
 * the hall's manager figures (`manager:live`, or `GET /stats` from a hall
 * without them), the forecast, device alarms from `terminal:updated`, the
 * upstream reporter, the audit log, and the controls with their
 * confirmation and `LAST_WINDOW_FOR_SERVICE` round.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type {
  AuditEntry,
  ManagerForecast,
  ManagerLive,
  ManagerServiceLive,
  ManagerWindowLive,
  SlaSuggestion,
  TerminalStatus,
  UpstreamStatus,
  Window,
} from '@hall/server/protocol';
import { HallRefusal } from '@hall/server/client';
import type { AnswerOf, BodyIn, Contract } from '@hall/server/contract';
import type { HallClient } from '../shared/api.ts';
import { useClockStore } from '../shared/clock-store.ts';
import { failureOf, unlessFailed, type CallFailure } from '../shared/failure.ts';
import { useHallStore } from '../shared/hall-store.ts';
import type { HallLink } from '../shared/link.ts';
import { alarmsOf, type Alarm } from './alarms.ts';
import type { Beeper } from './alarm-sound.ts';

/** The hall's default `maxWaitMinutes`, used until the hall's own figures arrive. */
export const DEFAULT_SLA_MINUTES = 60;
export const AUDIT_KEPT = 30;

export type ServiceRow = {
  code: string;
  waiting: number;
  /** Aged to now while someone waits. */
  longestWaitS: number;
  windowsOpen: number;
  issued?: number;
  served?: number;
  avgWaitS?: number;
  avgServiceS?: number;
  quotaLeft?: number;
  slaWaitMinutes: number;
  overSla: boolean;
  suggestion?: SlaSuggestion;
};

export type WindowRow = Window & { servedToday?: number; waitingForIt?: number; currentSinceS?: number };

export type Control =
  | { kind: 'open' | 'resume' | 'close'; windowNo: number }
  | { kind: 'pause'; windowNo: number; reason: string }
  | { kind: 'services'; windowNo: number; services: { code: string; weight: number }[] }
  | { kind: 'quota'; serviceCode: string; dailyQuota: number | null };

export type Pending = {
  control: Control;
  /** confirm: asking; last-window: the hall warned that services would have no open window; failed: refused, or the hall could not be reached. */
  phase: 'confirm' | 'sending' | 'last-window' | 'failed';
  orphaned: string[];
  /** `REASON_REQUIRED` also when the page stops a pause without a reason before asking the hall. */
  error?: CallFailure;
};

/** `GET /stats`: today's figures, the fallback while the hall has no `/manager/live`. */
type Stats = AnswerOf<Contract['getStats']>;
type WindowChange = BodyIn<Contract['updateWindow']>;

export type ManagerLink = HallLink;

/** The service codes a `LAST_WINDOW_FOR_SERVICE` refusal names, however its details spell them. */
export function orphanedServices(details: Record<string, unknown> | undefined): string[] {
  if (!details) return [];
  const codes: string[] = [];
  for (const value of Object.values(details)) {
    const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    for (const item of items) {
      if (typeof item === 'string') codes.push(item);
      else if (item && typeof item === 'object' && typeof (item as { code?: unknown }).code === 'string') codes.push((item as { code: string }).code);
      else if (item && typeof item === 'object' && typeof (item as { serviceCode?: unknown }).serviceCode === 'string')
        codes.push((item as { serviceCode: string }).serviceCode);
    }
  }
  return [...new Set(codes)];
}

function changeOf(control: Exclude<Control, { kind: 'quota' }>): WindowChange {
  switch (control.kind) {
    case 'open':
    case 'resume':
      return { state: 'open' };
    case 'close':
      return { state: 'closed' };
    case 'pause':
      return { state: 'paused', pauseReason: control.reason.trim() };
    case 'services':
      return { services: control.services };
  }
}

export const useManagerStore = defineStore('manager', () => {
  const hall = useHallStore();
  const clock = useClockStore();

  const live = shallowRef<ManagerLive | undefined>(undefined);
  /** false: the hall answered 404 to `/manager/live`; the page falls back on `/stats`. */
  const liveAvailable = ref<boolean | undefined>(undefined);
  const stats = shallowRef<Stats | undefined>(undefined);
  const forecast = shallowRef<ManagerForecast | undefined>(undefined);
  const terminals = ref<Record<string, TerminalStatus>>({});
  const upstream = ref<AnswerOf<Contract['getUpstreamStatus']> | undefined>(undefined);
  const audit = ref<AuditEntry[]>([]);
  const pending = ref<Pending | undefined>(undefined);
  /** The last control that went through, for a short confirmation on screen. */
  const done = ref<{ control: Control; at: number } | undefined>(undefined);
  const loadError = ref<(CallFailure & { what: string }) | undefined>(undefined);
  const sound = ref<'idle' | 'on' | 'blocked' | 'unavailable'>('idle');
  const beeps = ref(0);

  let api: HallClient | undefined;
  let beeper: Beeper | undefined;
  /** Longest wait per service as last received, and when (clock ms): the page ages it between messages. */
  const longest = ref<Record<string, { s: number; at: number; waiting: number }>>({});

  function noteLongest(list: { code: string; longestWaitS: number; waiting: number }[]): void {
    const next = { ...longest.value };
    for (const s of list) next[s.code] = { s: s.longestWaitS, at: clock.now, waiting: s.waiting };
    longest.value = next;
  }
  watch(
    () => hall.services,
    (list) => noteLongest(list),
    { immediate: true },
  );

  // ---- figures ------------------------------------------------------------------

  const liveServices = computed(() => new Map<string, ManagerServiceLive>((live.value?.services ?? []).map((s) => [s.code, s])));
  const liveWindows = computed(() => new Map<number, ManagerWindowLive>((live.value?.windows ?? []).map((w) => [w.no, w])));
  const statsServices = computed(() => new Map((stats.value?.byService ?? []).map((s) => [s.code, s])));

  const services = computed<ServiceRow[]>(() => {
    const codes = hall.services.length ? hall.services.map((s) => s.code) : [...liveServices.value.keys()];
    const loads = new Map(hall.services.map((s) => [s.code, s]));
    return codes.map((code) => {
      const load = loads.get(code);
      const l = liveServices.value.get(code);
      const st = statsServices.value.get(code);
      const waiting = load?.waiting ?? l?.waiting ?? 0;
      const seen = longest.value[code];
      const longestWaitS = waiting > 0 && seen ? Math.max(0, Math.round(seen.s + (clock.now - seen.at) / 1000)) : 0;
      const slaWaitMinutes = l?.slaWaitMinutes ?? DEFAULT_SLA_MINUTES;
      return {
        code,
        waiting,
        longestWaitS,
        windowsOpen: load?.windowsOpen ?? l?.windowsOpen ?? 0,
        issued: l?.issued ?? st?.issued ?? load?.issuedToday,
        served: l?.served ?? st?.served,
        avgWaitS: l?.avgWaitS ?? st?.avgWaitS,
        avgServiceS: l?.avgServiceS ?? st?.avgServiceS,
        quotaLeft: load?.quotaLeft,
        slaWaitMinutes,
        overSla: waiting > 0 && longestWaitS > slaWaitMinutes * 60,
        suggestion: l?.suggestion,
      };
    });
  });

  const slaAlerts = computed(() => services.value.filter((s) => s.overSla).sort((a, b) => b.longestWaitS - a.longestWaitS));

  const windows = computed<WindowRow[]>(() =>
    Object.values(hall.windows)
      .sort((a, b) => a.no - b.no)
      .map((w) => {
        const l = liveWindows.value.get(w.no);
        return { ...w, servedToday: l?.servedToday, waitingForIt: l?.waiting, currentSinceS: l?.current?.sinceS };
      }),
  );

  const windowCounts = computed(() => {
    const counts = { open: 0, paused: 0, closed: 0 };
    for (const w of windows.value) counts[w.state]++;
    return counts;
  });

  const totals = computed(() => ({
    waiting: services.value.reduce((n, s) => n + s.waiting, 0),
    issued: live.value?.totals.issued ?? stats.value?.issued ?? hall.services.reduce((n, s) => n + s.issuedToday, 0),
    served: live.value?.totals.served ?? stats.value?.served,
  }));

  const ratings = computed(() => live.value?.ratings ?? stats.value?.ratings);
  const hourly = computed(() => live.value?.hourly);
  const alarms = computed<Alarm[]>(() => alarmsOf(Object.values(terminals.value)));

  // ---- alarms and sound ----------------------------------------------------------

  const raisedListeners = new Set<(alarm: Alarm) => void>();
  let known = new Set<string>();
  watch(alarms, (list) => {
    const now = new Set(list.map((a) => a.key));
    const fresh = list.filter((a) => !known.has(a.key));
    known = now;
    for (const a of fresh) raisedListeners.forEach((l) => l(a));
    if (fresh.length) void ring();
  });

  function onAlarm(listener: (alarm: Alarm) => void): () => void {
    raisedListeners.add(listener);
    return () => raisedListeners.delete(listener);
  }

  function useBeeper(b: Beeper): void {
    beeper = b;
  }

  async function ring(): Promise<void> {
    if (!beeper) return;
    const result = await beeper.beep();
    if (result === 'played') {
      sound.value = 'on';
      beeps.value++;
    } else {
      sound.value = 'blocked';
    }
  }

  /** From a tap or key press: lets sound play, and rings for alarms that could not. */
  async function unlockSound(): Promise<void> {
    if (!beeper || sound.value === 'on') return;
    const wasBlocked = sound.value === 'blocked';
    if (await beeper.unlock()) {
      sound.value = 'on';
      if (wasBlocked && alarms.value.length) await ring();
    }
  }

  // ---- applying what the hall sends ------------------------------------------------

  function applyLive(event: ManagerLive): void {
    if (live.value && Date.parse(event.at) < Date.parse(live.value.at)) return;
    live.value = event;
    liveAvailable.value = true;
    // The seq stream is the fresher source of waiting; the live figures only refresh the longest waits when they are as new.
    if (hall.seq === undefined || event.seq >= hall.seq) noteLongest(event.services);
  }

  function applyTerminal(event: TerminalStatus): void {
    terminals.value = { ...terminals.value, [event.terminalId]: event };
  }

  function applyTerminals(list: TerminalStatus[]): void {
    terminals.value = Object.fromEntries(list.map((t) => [t.terminalId, t]));
  }

  function applyUpstream(event: UpstreamStatus): void {
    upstream.value = { configured: true, status: event };
  }

  function attach(link: ManagerLink): void {
    link.on('terminal:updated', applyTerminal);
    link.on('upstream:updated', applyUpstream);
    link.on('manager:live', applyLive);
    link.onConnection((s) => {
      if (s.online) void refresh();
    });
  }

  function use(to: HallClient): void {
    api = to;
  }

  async function loadLive(): Promise<void> {
    if (!api) return;
    let what = 'live';
    try {
      if (liveAvailable.value !== false) {
        try {
          return applyLive(await api.call('getManagerLive'));
        } catch (err) {
          if (!(err instanceof HallRefusal && err.status === 404)) throw err;
          liveAvailable.value = false;
        }
      }
      what = 'stats';
      stats.value = await api.call('getStats');
    } catch (err) {
      loadError.value = { ...failureOf(err), what };
    }
  }

  // The forecast and the audit log come again on the next round, terminals and upstream with their socket events: a failed fetch keeps what is shown.

  async function loadForecast(): Promise<void> {
    const answer = api && (await unlessFailed(api.call('getManagerForecast')));
    if (answer) forecast.value = answer;
  }

  async function loadAudit(): Promise<void> {
    const answer = api && (await unlessFailed(api.call('listAudit')));
    if (answer) audit.value = [...answer.entries].sort((a, b) => b.id - a.id).slice(0, AUDIT_KEPT);
  }

  async function loadTerminals(): Promise<void> {
    const answer = api && (await unlessFailed(api.call('listTerminals')));
    if (answer) applyTerminals(answer.terminals);
  }

  async function loadUpstream(): Promise<void> {
    const answer = api && (await unlessFailed(api.call('getUpstreamStatus')));
    if (answer) upstream.value = answer;
  }

  async function refresh(): Promise<void> {
    loadError.value = undefined;
    await Promise.all([loadLive(), loadForecast(), loadAudit(), loadTerminals(), loadUpstream()]);
  }

  // ---- controls ------------------------------------------------------------------

  function ask(control: Control): void {
    pending.value = { control, phase: 'confirm', orphaned: [] };
  }

  function cancel(): void {
    pending.value = undefined;
  }

  /** Sends the pending control; after a `LAST_WINDOW_FOR_SERVICE` warning, sends it again with `confirm: true`. */
  async function confirm(): Promise<boolean> {
    const p = pending.value;
    if (!p || p.phase === 'sending' || !api) return false;
    const { control } = p;
    if (control.kind === 'pause' && !control.reason.trim()) {
      pending.value = { ...p, phase: 'failed', error: { code: 'REASON_REQUIRED' } };
      return false;
    }
    const anyway = p.phase === 'last-window';
    pending.value = { ...p, phase: 'sending', error: undefined };
    try {
      if (control.kind === 'quota') {
        await api.call('updateServiceQuota', { params: { serviceCode: control.serviceCode }, body: { dailyQuota: control.dailyQuota } });
      } else {
        await api.call('updateWindow', { params: { windowNo: control.windowNo }, body: anyway ? { ...changeOf(control), confirm: true } : changeOf(control) });
      }
    } catch (err) {
      const failure = failureOf(err);
      pending.value =
        failure.code === 'LAST_WINDOW_FOR_SERVICE'
          ? { ...p, phase: 'last-window', orphaned: orphanedServices(failure.details), error: failure }
          : { ...p, phase: 'failed', error: failure };
      return false;
    }
    pending.value = undefined;
    done.value = { control, at: clock.now };
    await resync();
    return true;
  }

  /** After a control: the queue by snapshot, the manager figures and the audit log again. */
  async function resync(): Promise<void> {
    await Promise.all([hall.resync(), loadLive(), loadAudit(), loadForecast()]);
  }

  return {
    live,
    liveAvailable,
    stats,
    forecast,
    terminals,
    upstream,
    audit,
    pending,
    done,
    loadError,
    sound,
    beeps,
    services,
    slaAlerts,
    windows,
    windowCounts,
    totals,
    ratings,
    hourly,
    alarms,
    use,
    useBeeper,
    attach,
    refresh,
    loadLive,
    loadForecast,
    loadAudit,
    applyLive,
    applyTerminal,
    applyTerminals,
    applyUpstream,
    onAlarm,
    unlockSound,
    ask,
    cancel,
    confirm,
    resync,
  };
});
