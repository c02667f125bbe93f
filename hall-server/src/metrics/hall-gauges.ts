/**
 * The hall's state as gauges, read when Prometheus scrapes rather than kept
 * up to date on every change: the queue engine pays nothing for them between
 * scrapes. Labels are the catalogue's service codes, window states, socket
 * namespaces, terminal roles and device kinds: never a ticket, a person, a
 * token or a terminal's name (a token's name may be a person's).
 */
import { Gauge, type Registry } from 'prom-client';
import { oldestWaitingSince } from '../domain/estimate.ts';
import type { Hall } from '../hall.ts';
import { NAMESPACES, type NamespaceRole } from '../protocol.ts';
import type { TerminalRegistry } from '../api/terminals.ts';
import type { LiveFigures } from '../stats/live.ts';
import type { Upstream } from '../upstream/index.ts';

export type GaugeSources = {
  hall: Hall;
  figures: LiveFigures;
  terminals: TerminalRegistry;
  /** Clients connected to a socket.io namespace (`/display` …). */
  connected: (namespace: string) => number;
  upstream?: Upstream;
};

/** A gauge whose every series is set afresh from `read` at each scrape. */
function readAtScrape<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: (set: (labels: Record<L, string>, value: number) => void) => void,
): void {
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      read((labels, value) => this.set(labels, value));
    },
  });
}

/** One series per distinct label set among `items`, valued by how many items carry it. */
function tally<L extends string>(set: (labels: Record<L, string>, value: number) => void, items: () => Iterable<Record<L, string>>): void {
  const count = new Map<string, { labels: Record<L, string>; n: number }>();
  for (const labels of items()) {
    const key = JSON.stringify(labels);
    const entry = count.get(key) ?? { labels, n: 0 };
    entry.n++;
    count.set(key, entry);
  }
  for (const { labels, n } of count.values()) set(labels, n);
}

export function registerHallGauges(registry: Registry, sources: GaugeSources): void {
  const { hall, figures, terminals, connected, upstream } = sources;
  const services = () => hall.state.config.services;

  readAtScrape(registry, 'hall_tickets_issued_today', 'Tickets issued since the hall day began, per service', ['service'], (set) => {
    for (const { code } of services()) set({ service: code }, figures.figures.byService[code]?.issued ?? 0);
  });
  readAtScrape(registry, 'hall_tickets_served_today', 'Tickets finished at a window since the hall day began, per service', ['service'], (set) => {
    for (const { code } of services()) set({ service: code }, figures.figures.byService[code]?.served ?? 0);
  });
  readAtScrape(registry, 'hall_tickets_waiting', 'Tickets waiting to be called, per service', ['service'], (set) => {
    for (const { code } of services()) set({ service: code }, hall.state.queues.get(code)?.length ?? 0);
  });
  readAtScrape(
    registry,
    'hall_longest_wait_seconds',
    'How long the longest-waiting ticket has waited, per service (0 when nobody waits)',
    ['service'],
    (set) => {
      const now = hall.clock();
      for (const { code } of services()) set({ service: code }, Math.max(0, now - oldestWaitingSince(hall.state, code, now)) / 1000);
    },
  );
  readAtScrape(registry, 'hall_windows', 'Windows by state', ['state'], (set) => {
    const count = { open: 0, paused: 0, closed: 0 };
    for (const w of hall.state.windows.values()) count[w.state]++;
    for (const [state, n] of Object.entries(count)) set({ state }, n);
  });
  readAtScrape(registry, 'hall_socket_connections', 'socket.io clients connected, per namespace', ['namespace'], (set) => {
    for (const role of Object.keys(NAMESPACES) as NamespaceRole[]) set({ namespace: role }, connected(NAMESPACES[role]));
  });
  readAtScrape(
    registry,
    'hall_terminals',
    'Terminals the hall has heard from since it started, by role and whether their socket is connected',
    ['role', 'online'],
    (set) => {
      tally(set, function* () {
        for (const t of terminals.list()) yield { role: t.role, online: String(t.online) };
      });
    },
  );
  readAtScrape(
    registry,
    'hall_device_alarms',
    "Devices of the hall's terminals not in order, as their terminals last reported them (kind, state, code such as PAPER_OUT)",
    ['device', 'state', 'code'],
    (set) => {
      tally(set, function* () {
        for (const t of terminals.list()) for (const d of t.devices) if (d.state !== 'ok') yield { device: d.device, state: d.state, code: d.code ?? '' };
      });
    },
  );
  // Without upstream reporting there is no outbox: nothing waits, and the dashboard's panels read 0 rather than nothing.
  readAtScrape(registry, 'hall_upstream_backlog', 'Reports to the city platform waiting in the outbox', [], (set) => {
    set({}, upstream?.outbox.backlog().count ?? 0);
  });
  readAtScrape(registry, 'hall_upstream_oldest_pending_seconds', 'Age of the oldest report still waiting in the outbox (0 when none waits)', [], (set) => {
    const oldest = upstream?.outbox.backlog().oldestAt;
    set({}, oldest === undefined ? 0 : Math.max(0, hall.clock() - oldest) / 1000);
  });
}
