/**
 * `npm start` as a newcomer runs it: the real command (pages built, hall and
 * three device agents started) on free ports and a fresh data directory,
 * every address it prints visited, a visitor's card put on the simulated
 * reader from its terminal, and npm stopped with SIGTERM, after which no
 * process it started is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@hall/server/testing/chromium';
import { atStep, chooseService, openKiosk, sel, textOf } from '@hall/kiosk-app/testing/kiosk-e2e';
import { connectWsCarrier } from '@hall/kiosk-app/agent/ws-carrier.ts';
import { createKioskClient } from '@hall/kiosk-app/shared/rpc.ts';
import { HANDS } from './demo-hands.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Started = {
  npm: ChildProcess;
  output: () => string;
  banner: string;
  /** Every process npm started, seen while it ran. */
  tree: Set<number>;
  type(key: string): void;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM to npm alone (as `kill` or a service manager sends it), or SIGINT to its group (Ctrl-C); resolves once npm and everything it started are gone. */
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<void>;
  dataDir: string;
};

/** The pids under `root`, read from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone between the listing and the read
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => (parents.get(pid) ?? []).forEach((child) => (found.push(child), walk(child)));
  walk(root);
  return found;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
};

async function startDemo(args: string[] = []): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HALL_PORT: '0',
    KIOSK_AGENT_PORT: '0',
    CITY_PORT: '0',
    CITY_MQTT_PORT: '0',
    HALL_DATA: dataDir,
    HALL_DEMO_STDIN: '1',
  };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS') delete env[key];
  // Its own process group, as a terminal gives it: Ctrl-C is a SIGINT to the whole group.
  const npm = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let out = '';
  npm.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  npm.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const tree = new Set<number>();
  const watch = setInterval(() => npm.pid && descendants(npm.pid).forEach((p) => tree.add(p)), 200);
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));

  const waitForOutput = async (pattern: RegExp, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = out.match(pattern);
      if (match) return match;
      if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}) before printing ${pattern}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} within ${timeoutMs} ms:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const started: Started = {
    npm,
    output: () => out,
    banner: '',
    tree,
    dataDir,
    type: (key) => npm.stdin!.write(`${key}\n`),
    waitForOutput,
    async stop(signal = 'SIGTERM') {
      if (npm.exitCode === null && npm.signalCode === null) process.kill(signal === 'SIGINT' ? -npm.pid! : npm.pid!, signal);
      const deadline = Date.now() + 15_000;
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      while ([...tree].some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      clearInterval(watch);
      const left = [...tree, npm.pid!].filter(alive);
      left.forEach((pid) => process.kill(pid, 'SIGKILL'));
      rmSync(dataDir, { recursive: true, force: true });
      if (left.length > 0)
        throw new Error(
          `still running 15 s after ${signal}: ${left.map((pid) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`).join('; ')}`,
        );
    },
  };
  // The pages are built first (prestart), then the hall and the terminals start.
  started.banner = (await waitForOutput(/^.*demo hall[\s\S]*call the next number:.*$/m, 150_000))[0];
  return started;
}

/** The addresses a line of the banner prints, by its label. */
const addressOf = (banner: string, label: string): string => {
  const line = banner.split('\n').find((l) => l.trim().startsWith(label));
  const url = line?.match(/https?:\/\/\S+/)?.[0];
  if (!url) throw new Error(`the banner has no address for "${label}":\n${banner}`);
  return url;
};

/** The agent a printed page address points at, and the key its fragment carries: what the page itself connects with. */
const agentOf = (pageUrl: string) => {
  const page = new URL(pageUrl);
  return { url: page.searchParams.get('agent')!, key: new URLSearchParams(page.hash.slice(1)).get('agent-key')! };
};

async function devicesOf(agent: { url: string; key: string }, origin: string) {
  const carrier = await connectWsCarrier(agent.url, { origin, key: agent.key });
  try {
    const api = createKioskClient(carrier, { timeoutMs: 5000 });
    for (let i = 0; ; i++) {
      const devices = await api.devices();
      if (devices.length > 0 && devices.every((d) => d.state === 'ok')) return devices;
      if (i > 100) return devices;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await carrier.close();
  }
}

describe('npm start on a machine with nothing but Node: devices over loopback TCP', () => {
  let demo: Started;
  let browser: Browser;
  let hallUrl: string;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
    hallUrl = addressOf(demo.banner, 'hall server');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.npm.exitCode === null) await demo.stop();
  });

  it('prints the hall, three terminals, the walls and the API, and every page it prints answers', async () => {
    expect(demo.banner).toContain('devices simulated over loopback TCP');
    expect(demo.banner).not.toContain('device agent not started');
    const socats = [...demo.tree].filter((pid) => alive(pid) && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'socat');
    expect(socats, 'no socat in the default demo').toEqual([]);
    expect((await fetch(`${hallUrl}/api/health`)).status).toBe(200);
    const pages = ['ticket kiosk', 'filing machine', 'counter (win 1)', 'hall wall', 'window screen', 'manager wall', 'API', 'metrics'].map((label) =>
      addressOf(demo.banner, label),
    );
    for (const url of pages) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
    }
  });

  it('each of the three device agents answers its page, with every device working, and nothing without the key the page address carries', async () => {
    for (const label of ['ticket kiosk', 'filing machine', 'counter (win 1)']) {
      const agent = agentOf(addressOf(demo.banner, label));
      expect(agent.key, label).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await expect(connectWsCarrier(agent.url, { origin: hallUrl }), label).rejects.toThrow(/401/);
      const devices = await devicesOf(agent, hallUrl);
      expect(devices.length, label).toBeGreaterThan(0);
      expect(
        devices.filter((d) => d.state !== 'ok'),
        label,
      ).toEqual([]);
    }
  });

  it('the ticket kiosk shows its reader and printer 正常; a card on the reader and a service chosen print the ticket shown on screen', async () => {
    const kiosk = await openKiosk(browser, addressOf(demo.banner, 'ticket kiosk'));
    try {
      const { page } = kiosk;
      expect(await textOf(page, 'device-idReader')).toContain('正常');
      expect(await textOf(page, 'device-printer')).toContain('正常');

      demo.type('1');
      await atStep(page, 'services');
      await chooseService(page, '社保', '330106-SB-001');
      await page.locator(sel('confirm')).click();
      await atStep(page, 'ticket');
      const number = await textOf(page, 'ticket-number');
      const printed = await demo.waitForOutput(new RegExp(`ticket kiosk printed: (${number})`), 10_000);
      expect(printed[1]).toBe(number);
      demo.type('0');
    } finally {
      await kiosk.close();
    }
  });

  it('the clerk’s keypad key calls that ticket to window 1, as the console shows', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(addressOf(demo.banner, 'counter (win 1)'));
      await page.locator(sel('signin-staff-no')).fill('1001');
      await page.locator(sel('signin-pin')).focus();
      for (const k of '1234') await page.locator(sel(`key-${k}`)).click();
      await page.locator(sel('signin-submit')).click();
      await page.locator(sel('counter-console')).waitFor();
      // A visitor for window 1's 户籍 service, issued as the kiosk would, with the kiosk token the banner prints.
      const kioskToken = demo.banner.match(/^\s+kiosk (\S+)/m)![1]!;
      const issued = await fetch(`${hallUrl}/api/v1/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${kioskToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ serviceCode: '330106-HJ-001' }),
      });
      expect(issued.status).toBe(201);
      const { number } = (await issued.json()) as { number: string };
      demo.type('n');
      await page.locator(`${sel('current-number')}:has-text("${number}")`).waitFor();
    } finally {
      await context.close();
    }
  });

  it('the filing machine’s page reaches its agent and shows its devices working', async () => {
    const kiosk = await openKiosk(browser, addressOf(demo.banner, 'filing machine'));
    try {
      expect(await kiosk.page.locator(sel('agent-down')).count()).toBe(0);
      expect(await textOf(kiosk.page, 'device-printer')).toContain('正常');
    } finally {
      await kiosk.close();
    }
  });

  it('a key it does not know is answered with a pointer to the help', async () => {
    demo.type('zz');
    await demo.waitForOutput(/no key "zz"/);
  });

  it('SIGTERM to npm stops the demo and every process it started, and frees its port', async () => {
    expect(demo.tree.size, 'npm started processes').toBeGreaterThan(0);
    await demo.stop('SIGTERM');
    await expect(fetch(`${hallUrl}/api/health`)).rejects.toThrow();
  });
});

describe('npm start -- --pty: devices over socat’s virtual serial ports', () => {
  it('starts every terminal with its devices working, and Ctrl-C (SIGINT) leaves no socat behind', async () => {
    const demo = await startDemo(['--pty']);
    try {
      expect(demo.banner).toContain('devices simulated over socat ptys');
      const hallUrl = addressOf(demo.banner, 'hall server');
      for (const label of ['ticket kiosk', 'filing machine', 'counter (win 1)']) {
        const devices = await devicesOf(agentOf(addressOf(demo.banner, label)), hallUrl);
        expect(
          devices.filter((d) => d.state !== 'ok'),
          label,
        ).toEqual([]);
      }
      const socats = [...demo.tree].filter((pid) => alive(pid) && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'socat');
      expect(socats.length, 'socat pty pairs: 3 per machine and one window line').toBe(7);
    } finally {
      await demo.stop('SIGINT');
    }
  }, 180_000);
});

describe('npm start -- --city: the city view fed by the demo hall and two simulated halls', () => {
  it('prints the city view with its operator token, shows the three halls online there, the simulated ones busy, and SIGTERM leaves nothing running', async () => {
    const demo = await startDemo(['--city']);
    try {
      const view = new URL(addressOf(demo.banner, 'city view'));
      const token = new URLSearchParams(view.hash.slice(1)).get('token');
      expect(token, 'the operator token rides in the fragment').toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(view.search).toBe('');
      expect((await fetch(view.origin)).status).toBe(200);
      expect((await fetch(addressOf(demo.banner, 'phone page'))).status).toBe(200);

      type Hall = { hallId: string; name: string; online: boolean; issuedToday: number };
      const halls = async () => {
        const res = await fetch(`${view.origin}/api/v1/halls`, { headers: { authorization: `Bearer ${token}` } });
        return res.ok ? ((await res.json()) as { halls: Hall[] }).halls : [];
      };
      // Reports go up every 5 s; the simulated halls open to a crowd.
      await expect
        .poll(async () => (await halls()).filter((h) => h.online && (h.hallId === '330106-ZWFW-01' || h.issuedToday > 0)).map((h) => h.name), {
          timeout: 15_000,
          interval: 500,
        })
        .toEqual(['杭州市上城区政务服务中心', '杭州市西湖区政务服务中心', '杭州市滨江区政务服务中心']);
      const platforms = [...demo.tree].filter((pid) => alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('city-platform.js\0serve'));
      expect(platforms, 'the city platform runs as its own process, which stopping must end too').toHaveLength(1);
    } finally {
      await demo.stop('SIGTERM');
    }
    await expect(fetch(addressOf(demo.banner, 'city view'))).rejects.toThrow();
  }, 60_000);
});

describe('npm start -- --help', () => {
  it('lists every key the demo answers, the counter’s included', async () => {
    const help = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['scripts/start.ts', '--help'], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.once('error', reject);
      child.once('exit', () => resolve(out));
    });
    expect(help).toContain('--pty');
    for (const key of HANDS.flatMap((s) => s.hands.flatMap((h) => h.keys))) expect(help).toMatch(new RegExp(`\\s${key}\\s`));
    expect(help).toMatch(/at window 1/);
  });
});
