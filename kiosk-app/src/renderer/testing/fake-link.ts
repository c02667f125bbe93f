import type { AgentLink } from '../api.ts';

/** A device-service link a test can drop and restore. */
export class FakeLink implements AgentLink {
  connected: boolean;
  keyMissing = false;
  private listeners = new Set<(connected: boolean) => void>();
  constructor(connected = true) {
    this.connected = connected;
  }
  set(connected: boolean) {
    this.connected = connected;
    for (const l of this.listeners) l(connected);
  }
  onChange(listener: (connected: boolean) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close() {}
}
