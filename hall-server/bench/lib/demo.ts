/**
 * What the benches need to know about the demo hall: which windows are open
 * and what they serve, and which services can take any number of tickets.
 */
import type { HallConfig } from '../../src/domain/config.ts';
import { loadSeed } from '../../src/seed/index.ts';

export function demoSeed(): HallConfig {
  return loadSeed('demo');
}

/** Windows open from the start (1–10 and 12 in the demo; 11 starts closed). */
export function openWindows(config: HallConfig): { no: number; services: string[] }[] {
  return config.windows.filter((w) => w.initialState === 'open').map((w) => ({ no: w.no, services: w.services.map((s) => s.code) }));
}

/**
 * Services with neither a daily nor a slot quota: bulk issuing spreads over
 * these so it never hits QUOTA_EXCEEDED, and only if some open window serves
 * them, as a real hall would.
 */
export function unlimitedServices(config: HallConfig): string[] {
  const served = new Set(openWindows(config).flatMap((w) => w.services));
  return config.services.filter((s) => s.dailyQuota === undefined && s.slotQuotas.length === 0 && served.has(s.code)).map((s) => s.code);
}
