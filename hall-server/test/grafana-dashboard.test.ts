import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hallPerTest } from './per-test.ts';
import { exportedNames } from './prometheus.ts';

type Target = { expr?: string; datasource?: { uid?: string } };
type Panel = { type: string; title: string; datasource?: { type?: string; uid?: string }; targets?: Target[]; panels?: Panel[] };
type Dashboard = { panels: Panel[]; templating: { list: { name: string; type: string; query: unknown }[] } };

/** How a panel names the Prometheus chosen in the `datasource` variable (Grafana's syntax, not a template literal). */
const DATASOURCE_VARIABLE = '$' + '{datasource}';

const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana/hall-server.json', import.meta.url), 'utf8')) as Dashboard;

function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => (p.type === 'row' ? panelsOf(p.panels ?? []) : [p]));
}

/** Every metric name a PromQL text or a variable's query mentions: the hall's are all `hall_…`. */
function metricNames(text: string): string[] {
  return [...text.matchAll(/\bhall_[a-z0-9_]+\b/g)].map((m) => m[0]);
}

const queries = [
  ...panelsOf(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')),
  ...dashboard.templating.list.map((v) => JSON.stringify(v.query)),
];
const used = new Set(queries.flatMap(metricNames));

describe('the Grafana dashboard (docs/grafana/hall-server.json)', () => {
  const hall = hallPerTest();

  it('asks for no metric the hall does not export', async () => {
    const exported = exportedNames(await (await fetch(`${hall.url}/metrics`)).text());
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('has a panel for the queue, requests, sockets, devices, upstream, the event loop and the commits', () => {
    for (const name of [
      'hall_tickets_waiting',
      'hall_longest_wait_seconds',
      'hall_tickets_issued_today',
      'hall_tickets_served_today',
      'hall_http_request_duration_seconds_bucket',
      'hall_http_request_duration_seconds_count',
      'hall_socket_connections',
      'hall_device_alarms',
      'hall_upstream_backlog',
      'hall_nodejs_eventloop_lag_p99_seconds',
      'hall_store_commit_seconds_bucket',
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it('reads from the Prometheus chosen in its datasource variable, in every panel and query', () => {
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of panelsOf(dashboard.panels)) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: DATASOURCE_VARIABLE });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.expr, panel.title).toMatch(/hall_/);
    }
  });
});
