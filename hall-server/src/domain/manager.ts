/**
 * Manager controls that the queue engine decides: a service's quotas, and
 * the check that no control silently leaves a service without an open window.
 */
import { parseHallConfig, type ServiceItem } from './config.ts';
import { conflict, notFound } from './errors.ts';
import type { Decision } from './events.ts';
import type { DecisionContext, HallState, WindowService, WindowStateName } from './model.ts';

export type SlotQuota = { from: string; to: string; quota: number };

/** `dailyQuota: null` removes the daily quota; `slotQuotas` replaces the list. */
export type UpdateServiceQuota = { type: 'updateServiceQuota'; serviceCode: string; dailyQuota?: number | null; slotQuotas?: SlotQuota[] };

/**
 * Changes one service item of the configuration and commits it as a
 * configuration change, so it persists with the configuration and replays.
 * Effective at once: issuing reads the quotas from the current configuration.
 */
export function decideUpdateServiceQuota(state: HallState, cmd: UpdateServiceQuota, _ctx: DecisionContext): Decision<ServiceItem> {
  const index = state.config.services.findIndex((s) => s.code === cmd.serviceCode);
  if (index < 0) throw notFound('UNKNOWN_SERVICE', `no service ${cmd.serviceCode}`);
  const before = state.config.services[index]!;
  const item: ServiceItem = { ...before };
  if (cmd.dailyQuota === null) delete item.dailyQuota;
  else if (cmd.dailyQuota !== undefined) item.dailyQuota = cmd.dailyQuota;
  if (cmd.slotQuotas !== undefined) item.slotQuotas = cmd.slotQuotas.map((q) => ({ ...q }));
  const services = state.config.services.slice();
  services[index] = item;
  // Through the schema again: the same checks a configuration import gets.
  const config = parseHallConfig({ ...state.config, services });
  return { events: [{ type: 'config.applied', config }], result: config.services[index]! };
}

/**
 * Services that have an open window now and would have none if window
 * `windowNo` took `change` (a new state, new services, or both).
 */
export function servicesLeftWithoutWindow(
  state: HallState,
  windowNo: number,
  change: { state?: WindowStateName; services?: readonly WindowService[] },
): string[] {
  const openCount = (override: boolean) => {
    const counts = new Map<string, number>();
    for (const w of state.windows.values()) {
      const mine = override && w.no === windowNo;
      const wState = mine ? (change.state ?? w.state) : w.state;
      const services = mine ? (change.services ?? w.services) : w.services;
      if (wState !== 'open') continue;
      for (const s of services) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
    }
    return counts;
  };
  const now = openCount(false);
  const after = openCount(true);
  return [...now.keys()].filter((code) => !after.has(code)).sort();
}

/** Refuses with 409 LAST_WINDOW_FOR_SERVICE, listing the services, unless confirmed. */
export function assertKeepsAWindow(
  state: HallState,
  windowNo: number,
  change: { state?: WindowStateName; services?: readonly WindowService[] },
  confirm: boolean,
): string[] {
  const left = servicesLeftWithoutWindow(state, windowNo, change);
  if (left.length && !confirm) {
    throw conflict('LAST_WINDOW_FOR_SERVICE', `window ${windowNo} is the last open window for ${left.join(', ')}; send "confirm": true to go ahead`, {
      services: left,
    });
  }
  return left;
}
