/**
 * Terminals the hall knows are alive, and the health of their devices. This
 * is live information, not hall state: it is kept in memory, is not part of
 * the `seq` stream, and a terminal reports it again after a restart.
 */
import type { TerminalStatus, TerminalDevice } from '../protocol.ts';
import type { Principal } from '../store/tokens.ts';

export class TerminalRegistry {
  readonly #terminals = new Map<string, TerminalStatus>();
  readonly #listeners = new Set<(status: TerminalStatus) => void>();

  onChange(listener: (status: TerminalStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #entry(principal: Principal, now: number): TerminalStatus {
    return (
      this.#terminals.get(principal.tokenId) ?? {
        terminalId: principal.tokenId,
        name: principal.name,
        role: principal.role,
        windowNo: principal.windowNo,
        online: false,
        lastSeen: new Date(now).toISOString(),
        devices: [],
      }
    );
  }

  #set(status: TerminalStatus): TerminalStatus {
    this.#terminals.set(status.terminalId, status);
    for (const l of this.#listeners) l(status);
    return status;
  }

  /** A terminal's socket connected or went away. */
  presence(principal: Principal, online: boolean, now: number): TerminalStatus {
    return this.#set({ ...this.#entry(principal, now), online, lastSeen: new Date(now).toISOString() });
  }

  report(principal: Principal, devices: TerminalDevice[], now: number): TerminalStatus {
    return this.#set({ ...this.#entry(principal, now), devices, lastSeen: new Date(now).toISOString() });
  }

  list(): TerminalStatus[] {
    return [...this.#terminals.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
