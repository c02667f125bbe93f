import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalsDir } from '@hall/hardware-profiles';
import { AgentConfigError, loadAgentConfig } from './config.ts';
import { tempDirs } from './testing/scratch.ts';
import { thrownBy } from './testing/thrown.ts';

const demo = join(terminalsDir, 'demo-simulated.json');
const tempDir = tempDirs('agent-config-');
const base = { KIOSK_PROFILE: demo, HALL_URL: 'http://127.0.0.1:8080/', KIOSK_TOKEN: 'tok' };

const problems = (env: Record<string, string | undefined>): string[] => thrownBy(() => loadAgentConfig(env, { cwd: '/srv/hall' }), AgentConfigError).problems;

describe('agent configuration', () => {
  it('reads the profile, hall and token, with the documented defaults', () => {
    const config = loadAgentConfig(base, { cwd: '/srv/hall' });
    expect(config.role).toBe('ticket');
    expect(config.hallUrl).toBe('http://127.0.0.1:8080');
    expect(config.port).toBe(7410);
    expect(config.staffPin).toBeUndefined();
    expect(config.dataDir).toBe('/srv/hall/var/kiosk/demo-simulated');
    expect(config.trackBaseUrl).toBe('http://127.0.0.1:8080/track/');
    // Relative device paths are taken from the agent's working directory.
    const printer = config.terminal.devices.printer!.transport;
    expect(printer.type === 'serial' && printer.path).toBe('/srv/hall/var/demo/dev/printer');
  });

  it('takes the port, staff PIN, data directory and tracking URL from the environment', () => {
    const config = loadAgentConfig({
      ...base,
      KIOSK_AGENT_PORT: '7500',
      KIOSK_STAFF_PIN: '135790',
      KIOSK_DATA: '/data/k1',
      KIOSK_TRACK_URL: 'https://zwfw.example.gov.cn/t/',
    });
    expect(config).toMatchObject({ port: 7500, staffPin: '135790', dataDir: '/data/k1', trackBaseUrl: 'https://zwfw.example.gov.cn/t/' });
  });

  it('names every missing setting at once', () => {
    const p = problems({});
    expect(p).toHaveLength(3);
    expect(p.join('\n')).toMatch(/KIOSK_PROFILE is not set[\s\S]*HALL_URL is not set[\s\S]*KIOSK_TOKEN is not set/);
  });

  it('refuses bad values with the variable named', () => {
    const p = problems({ ...base, HALL_URL: 'ftp://hall', KIOSK_AGENT_PORT: '70000', KIOSK_STAFF_PIN: '12', KIOSK_TRACK_URL: 'not a url' });
    expect(p.map((x) => x.split(' ')[0])).toEqual(['HALL_URL', 'KIOSK_AGENT_PORT', 'KIOSK_STAFF_PIN', 'KIOSK_TRACK_URL']);
  });

  it('refuses a plain http hall on another machine, naming the way out, among the other problems', () => {
    const p = problems({ ...base, HALL_URL: 'http://192.168.1.10:8080', KIOSK_STAFF_PIN: '12' });
    expect(p.map((x) => x.split(' ')[0])).toEqual(['HALL_URL', 'KIOSK_STAFF_PIN']);
    expect(p[0]).toMatch(/https:\/\/[\s\S]*KIOSK_ALLOW_PLAIN_HTTP=1/);
  });

  it('takes a plain http hall on another machine when the operator opts in, and marks it for the start-up warning', () => {
    const config = loadAgentConfig({ ...base, HALL_URL: 'http://hall.lan:8080', KIOSK_ALLOW_PLAIN_HTTP: '1' });
    expect(config).toMatchObject({ hallUrl: 'http://hall.lan:8080', plainHttpAllowed: true });
    expect(problems({ ...base, HALL_URL: 'http://hall.lan:8080', KIOSK_ALLOW_PLAIN_HTTP: 'yes' })[0]).toMatch(/KIOSK_ALLOW_PLAIN_HTTP "yes"/);
  });

  it('keeps plain http on the loopback and https anywhere without an opt-in', () => {
    for (const hall of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'https://hall.lan', 'https://10.0.0.5:8443']) {
      const config = loadAgentConfig({ ...base, HALL_URL: hall });
      expect(config.plainHttpAllowed, hall).toBeUndefined();
    }
  });

  it('lets pages from the hall’s origin reach the agent, and from the origins KIOSK_PAGE_ORIGINS adds', () => {
    expect(loadAgentConfig({ ...base, HALL_URL: 'https://hall.lan/base/' }).pageOrigins).toEqual(['https://hall.lan']);
    const config = loadAgentConfig({ ...base, KIOSK_PAGE_ORIGINS: 'http://localhost:5174, http://127.0.0.1:8080' });
    expect(config.pageOrigins).toEqual(['http://127.0.0.1:8080', 'http://localhost:5174']);
    expect(problems({ ...base, KIOSK_PAGE_ORIGINS: 'http://localhost:5174/kiosk/' })[0]).toMatch(/KIOSK_PAGE_ORIGINS/);
  });

  it('passes on the profile loader’s located problems, and refuses non-kiosk roles', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ role: 'ticket', devices: { printer: { model: 'no-such-printer', transport: { type: 'serial', path: '/dev/ttyS1', baudRate: 9600 } } } }),
    );
    expect(problems({ ...base, KIOSK_PROFILE: bad })[0]).toMatch(/devices\.printer\.model/);
    const wall = join(dir, 'wall.json');
    writeFileSync(wall, JSON.stringify({ role: 'wall', devices: {} }));
    expect(problems({ ...base, KIOSK_PROFILE: wall })[0]).toMatch(/not a kiosk role/);
    expect(problems({ ...base, KIOSK_PROFILE: join(dir, 'missing.json') })[0]).toMatch(/missing\.json/);
  });
});
