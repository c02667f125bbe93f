/**
 * The services the kiosk offers and what it knows of the hall around them
 * (day, windows, name), kept fresh from the hall's snapshot and load events
 * and saved in the offline store, so a kiosk restarted during an outage still
 * shows its services and names the right day on offline tickets.
 */
import type { QueueSnapshot, ServiceLoad } from '@hall/server/protocol';
import type { Service } from '../shared/hall-types.ts';
import type { OfflineStore } from './offline/offline-store.ts';

export type HallPicture = Pick<QueueSnapshot, 'day' | 'hall' | 'windows'> & {
  /** Green-channel age and anonymous tickets, when the hall publishes them. */
  policy?: { greenChannelAge?: number; anonymousTickets?: boolean };
};

const SERVICES = 'catalogue.services';
const HALL = 'catalogue.hall';
const DEFAULT_GREEN_CHANNEL_AGE = 65;

/** The hall's day in its time zone (used only before the hall has told us its day). */
export function localDay(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export class Catalogue {
  readonly #store: OfflineStore;
  #services: Service[];
  #hall: HallPicture | undefined;

  constructor(store: OfflineStore) {
    this.#store = store;
    this.#services = store.getJson<Service[]>(SERVICES) ?? [];
    this.#hall = store.getJson<HallPicture>(HALL);
  }

  get services(): Service[] {
    return this.#services;
  }

  get hall(): HallPicture | undefined {
    return this.#hall;
  }

  /** The hall's policy for kiosks, or the hall server's own defaults while it publishes none. */
  policy(): { anonymousTickets: boolean; greenChannelAge: number } {
    const policy = this.#hall?.policy;
    return { anonymousTickets: policy?.anonymousTickets ?? true, greenChannelAge: policy?.greenChannelAge ?? DEFAULT_GREEN_CHANNEL_AGE };
  }

  find(code: string): Service | undefined {
    return this.#services.find((s) => s.code === code);
  }

  setServices(services: Service[]): void {
    this.#services = services;
    this.#store.setJson(SERVICES, services);
  }

  /** Folds in load figures; true when anything the kiosk shows changed. */
  applyLoad(loads: ServiceLoad[]): boolean {
    const byCode = new Map(loads.map((l) => [l.code, l]));
    let changed = false;
    this.#services = this.#services.map((s) => {
      const load = byCode.get(s.code);
      if (!load) return s;
      changed = true;
      return { ...s, load };
    });
    if (changed) this.#store.setJson(SERVICES, this.#services);
    return changed;
  }

  /** Takes a snapshot in; returns true when the hall's day changed. */
  setSnapshot(snapshot: QueueSnapshot): boolean {
    const before = this.#hall?.day;
    const policy = (snapshot.hall as { policy?: HallPicture['policy'] }).policy;
    this.#hall = { day: snapshot.day, hall: snapshot.hall, windows: snapshot.windows, ...(policy ? { policy } : {}) };
    this.#store.setJson(HALL, this.#hall);
    this.applyLoad(snapshot.services);
    return before !== snapshot.day;
  }

  day(now: number): string {
    return this.#hall?.day ?? localDay(now, 'Asia/Shanghai');
  }

  /** Which windows serve a service, open ones first: `1、2号窗口`. */
  windowHint(serviceCode: string): string {
    const windows = (this.#hall?.windows ?? []).filter((w) => w.services.some((s) => s.code === serviceCode));
    const open = windows.filter((w) => w.state !== 'closed');
    const nos = (open.length ? open : windows).map((w) => w.no).sort((a, b) => a - b);
    return nos.length ? `${nos.join('、')}号窗口` : '请留意叫号';
  }
}
