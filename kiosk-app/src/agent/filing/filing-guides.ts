/**
 * The filing services and their guides, from the hall, with the last good
 * answer of each kept in the filing store. An outage (or a restart during
 * one) then still shows the guides and the forms, and a filing made offline
 * is checked against the same form the hall will check it against.
 *
 * Whenever the link comes up every guide is fetched again in the background,
 * so items nobody opened before the outage can be filed during it too.
 * `open` in a cached answer is as it was then; the hall, not the machine,
 * decides what it accepts when the filing arrives.
 */
import { HallUnreachableError } from '@hall/server/client';
import type { FilingService, ServiceGuide } from '../../shared/kiosk-api.ts';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import type { HallPort } from '../ports.ts';
import type { FilingOutbox } from './filing-outbox.ts';

export type GuideSource = Pick<HallPort, 'online' | 'call'>;

const SERVICES = 'filing.services';
const GUIDE = (code: string) => `filing.guide.${code}`;
const SERVICE_CODE = /^[0-9A-Za-z_-]{1,40}$/;

export class FilingGuides {
  readonly #hall: GuideSource;
  readonly #store: FilingOutbox;
  readonly #log: AgentLogger;
  #refreshing: Promise<void> | undefined;

  constructor(options: { hall: GuideSource; store: FilingOutbox; logger?: AgentLogger }) {
    this.#hall = options.hall;
    this.#store = options.store;
    this.#log = options.logger ?? silentAgentLogger;
  }

  async services(): Promise<FilingService[]> {
    return this.#fresh(SERVICES, () => this.#hall.call('listFilingServices').then((b) => b.services));
  }

  async guide(serviceCode: unknown): Promise<ServiceGuide> {
    if (typeof serviceCode !== 'string' || !SERVICE_CODE.test(serviceCode)) throw kioskError('UNKNOWN_SERVICE');
    return this.#fresh(GUIDE(serviceCode), () => this.#hall.call('getServiceGuide', { params: { serviceCode } }));
  }

  /** The cached guide, without asking the hall. */
  cachedGuide(serviceCode: string): ServiceGuide | undefined {
    return this.#store.getJson<ServiceGuide>(GUIDE(serviceCode));
  }

  /** Fetches the list and every guide afresh (after the link comes up); one refresh at a time. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    try {
      const services = await this.services();
      for (const s of services) {
        if (!this.#hall.online) return;
        await this.guide(s.serviceCode).catch((err: unknown) => this.#log.debug('guide not refreshed', { serviceCode: s.serviceCode, error: err }));
      }
    } catch (err) {
      this.#log.debug('filing services not refreshed', { error: err });
    }
  }

  /** The hall's answer (kept), or the kept one when the hall cannot be reached. */
  async #fresh<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    if (this.#hall.online) {
      try {
        const value = await fetch();
        this.#store.setJson(key, value);
        return value;
      } catch (err) {
        if (!(err instanceof HallUnreachableError)) throw err;
      }
    }
    const kept = this.#store.getJson<T>(key);
    if (kept === undefined) throw kioskError('HALL_OFFLINE');
    return kept;
  }
}
