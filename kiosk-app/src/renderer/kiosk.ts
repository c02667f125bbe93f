/**
 * The KioskApi the stores use. main.ts sets it once from the carrier it
 * picked; tests set an in-memory fake. Components never reach for it.
 */
import type { KioskApi } from '../shared/kiosk-api.ts';

let current: KioskApi | null = null;

export function setKioskApi(api: KioskApi | null): void {
  current = api;
}

export function kioskApi(): KioskApi {
  if (!current) throw new Error('KioskApi not set: call setKioskApi() before using the stores');
  return current;
}

/** Asks the device host to drop the visitor's card and pages; with no API yet, nothing is held anywhere. */
export function forgetVisitorAtHost(): void {
  current?.forgetVisitor().catch(() => {});
}
