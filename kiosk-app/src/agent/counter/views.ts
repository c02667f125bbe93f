/**
 * The window, its ticket and the ticket's filing as the clerk's console shows
 * them, made from the hall's own shapes. Pure: the names of the services and
 * the ticket fetched for this window come in as arguments.
 */
import type { Filing, QueueSnapshot, Ticket, Window } from '@hall/server/protocol';
import type { CounterFiling, CounterState, CounterTicket, RatingProgress } from '../../shared/kiosk-api.ts';
import { setFields } from '../set-fields.ts';

type Name = { 'zh-CN': string; en: string };
export type ServiceNames = ReadonlyMap<string, Name>;

/** What the console is shown, as the desk holds it. */
export type WindowPicture = {
  windowNo: number | null;
  snapshot: QueueSnapshot | undefined;
  names: ServiceNames;
  /** The ticket in hand as fetched with this window's token (full identity, filing), once it has been. */
  fetched: CounterTicket | null;
  rating: RatingProgress;
  online: boolean;
};

/** A service's name, or its code where the names are not known (yet). */
export function serviceName(names: ServiceNames, code: string): Name {
  return names.get(code) ?? { 'zh-CN': code, en: code };
}

export function windowOf(snapshot: QueueSnapshot | undefined, windowNo: number | null): Window | undefined {
  return windowNo === null ? undefined : snapshot?.windows.find((w) => w.no === windowNo);
}

/** The ticket the window is handling (called or serving), if any. */
export function ticketInHand(w: Window | undefined): { id: string; number: string } | undefined {
  const c = w?.current;
  return c && (c.status === 'called' || c.status === 'serving') ? { id: c.ticketId, number: c.number } : undefined;
}

export function counterState(p: WindowPicture): CounterState {
  const w = windowOf(p.snapshot, p.windowNo);
  const loads = new Map((p.snapshot?.services ?? []).map((s) => [s.code, s]));
  const state: CounterState = {
    windowNo: p.windowNo,
    windowName: w?.name ?? '',
    state: w?.state ?? 'closed',
    clerk: w?.clerk ? { ...w.clerk } : null,
    queue: (w?.services ?? []).map((s) => ({
      code: s.code,
      name: serviceName(p.names, s.code),
      waiting: loads.get(s.code)?.waiting ?? 0,
      estimatedWaitMinutes: loads.get(s.code)?.estimatedWaitMinutes ?? 0,
    })),
    current: currentTicket(w, p.fetched, p.names),
    rating: { ...p.rating },
    online: p.online,
    seq: p.snapshot?.seq ?? 0,
  };
  if (w?.pauseReason) state.pauseReason = w.pauseReason;
  return state;
}

/** The ticket in hand: the fetched one with the window's latest status, or what the snapshot says until it is fetched. */
function currentTicket(w: Window | undefined, fetched: CounterTicket | null, names: ServiceNames): CounterTicket | null {
  const c = w?.current;
  if (!c || (c.status !== 'called' && c.status !== 'serving')) return null;
  if (fetched?.id === c.ticketId) {
    const out: CounterTicket = { ...fetched, status: c.status };
    if (c.calledAt) out.calledAt = c.calledAt;
    return out;
  }
  const minimal: CounterTicket = {
    id: c.ticketId,
    number: c.number,
    serviceCode: c.serviceCode,
    serviceName: serviceName(names, c.serviceCode),
    status: c.status,
    recallCount: 0,
  };
  if (c.calledAt) minimal.calledAt = c.calledAt;
  return minimal;
}

export function counterTicket(t: Ticket, names: ServiceNames): CounterTicket {
  const out: CounterTicket = {
    id: t.id,
    number: t.number,
    serviceCode: t.serviceCode,
    serviceName: t.serviceName ?? serviceName(names, t.serviceCode),
    status: t.status,
    source: t.source,
    issuedAt: t.issuedAt,
    recallCount: t.recallCount,
    ...setFields(t, ['priority', 'calledAt', 'slotStart', 'transferredFrom', 'transferNote']),
  };
  if (t.identity) out.identity = { kind: t.identity.kind, masked: t.identity.masked, ...setFields(t.identity, ['nameMasked', 'number', 'name']) };
  return out;
}

/** The clerk's view of a filing: each value under its form label, in the form's order. */
export function counterFiling(f: Filing): CounterFiling {
  const values = f.form ?? {};
  const fields = f.fields ?? [];
  const labelled = fields
    .filter((field) => values[field.key] !== undefined)
    .map((field) => ({ key: field.key, label: field.label, value: values[field.key]! }));
  const known = new Set(fields.map((field) => field.key));
  for (const [key, value] of Object.entries(values)) if (!known.has(key)) labelled.push({ key, label: { 'zh-CN': key, en: key }, value });
  return {
    trackingCode: f.trackingCode,
    serviceName: f.serviceName,
    status: f.status,
    submittedAt: f.submittedAt,
    ...setFields(f, ['dueDate']),
    applicant: { kind: f.applicant.kind, masked: f.applicant.masked, ...setFields(f.applicant, ['number', 'name']) },
    form: labelled,
    materials: f.materials.map((m) => ({
      materialId: m.materialId,
      name: m.name,
      reused: m.reused,
      pages: m.pages.map((p) => ({ sha256: p.sha256, contentType: p.contentType, size: p.size })),
    })),
    history: f.history.map((h) => ({ status: h.status, at: h.at, ...(h.by ? { by: actor(h.by) } : {}), ...setFields(h, ['reason']) })),
  };
}

/** Who moved a filing, in the clerk's words: `3号窗口 王芳 (1003)`. */
export function actor(by: NonNullable<Filing['history'][number]['by']>): string {
  const where = by.windowNo !== undefined ? `${by.windowNo}号窗口` : by.role;
  const who = by.name ? ` ${by.name}` : '';
  return `${where}${who}${by.staffNo ? ` (${by.staffNo})` : ''}`;
}
