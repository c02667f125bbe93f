import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskHost } from '../shared/host.ts';
import type { KioskEvents } from '../shared/kiosk-api.ts';
import { createKioskClient } from '../shared/rpc.ts';
import type { DeviceHostHandle } from './devices.ts';

vi.mock('electron', () => import('./testing/electron-mock.ts'));
const electron = await import('./testing/electron-mock.ts');
const { startShell, EXIT_STAFF } = await import('./shell.ts');
const { createBridge } = await import('../preload/bridge.ts');
const { memoryLogger } = await import('./log.ts');
const { manualTimers } = await import('./testing/manual-timers.ts');

const dist = mkdtempSync(path.join(tmpdir(), 'kiosk-shell-'));
mkdirSync(path.join(dist, 'renderer'), { recursive: true });
writeFileSync(path.join(dist, 'renderer', 'index.html'), '<!doctype html><title>kiosk</title>');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

type Config = { role: string; hallUrl: string; terminal: { display: { idleResetSeconds: number } } };

function fakeAgent(config: Config | Error = { role: 'ticket', hallUrl: 'http://hall.lan:8080', terminal: { display: { idleResetSeconds: 60 } } }) {
  const listeners = new Set<<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]) => void>();
  let exit: (() => void) | undefined;
  const closed: string[] = [];
  const hostOptions: unknown[] = [];
  const host: KioskHost = {
    async call(method, params) {
      if (method === 'lookupTicket') return { number: params[0], status: 'waiting', serviceCode: 'A', waitingAhead: 4, estimatedWaitMinutes: 12 };
      if (method === 'exitKiosk') {
        exit?.();
        return undefined;
      }
      return null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const agent = {
    loadAgentConfig: () => {
      if (config instanceof Error) throw config;
      return config;
    },
    createDeviceHost: async (_config: Config, options?: Record<string, unknown>): Promise<DeviceHostHandle> => {
      hostOptions.push(options);
      return {
        host,
        close: async () => void closed.push('closed'),
        onExitRequested: (cb) => void (exit = cb),
      };
    },
  };
  return { agent, listeners, closed, hostOptions };
}

beforeEach(() => electron.resetElectronMock());

describe('the shell', () => {
  it('registers the app scheme, the autoplay flag and the lockdown before the window opens', async () => {
    const { agent } = fakeAgent();
    const shell = (await startShell({ agent, env: {}, distDir: dist, log: memoryLogger() }))!;
    expect(electron.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(electron.protocol.handlers.has('app')).toBe(true);
    expect(electron.app.switches).toContainEqual(['autoplay-policy', 'no-user-gesture-required']);
    expect(electron.Menu.applicationMenu).toBeNull();
    expect(electron.session.defaultSession.permissionRequestHandler).toBeDefined();
    const win = shell.kioskWindow as unknown as InstanceType<typeof electron.BrowserWindow>;
    expect(win.options.webPreferences).toMatchObject({ preload: path.join(dist, 'preload', 'index.cjs'), sandbox: true, contextIsolation: true });
    expect(win.webContents.windowOpenHandler).toBeDefined();
    expect(win.webContents.loaded).toEqual(['app://kiosk/kiosk/index.html']);
    await shell.shutdown();
  });

  it('serves KioskApi to the renderer: preload → IPC → device host and back', async () => {
    const { agent, listeners, hostOptions } = fakeAgent();
    const shell = (await startShell({ agent, env: {}, distDir: dist, log: memoryLogger() }))!;
    expect(hostOptions).toEqual([expect.objectContaining({ agentVersion: '1.0.0' })]);
    const win = shell.kioskWindow as unknown as InstanceType<typeof electron.BrowserWindow>;
    electron.connectRenderer(win.webContents, 'app://kiosk/kiosk/index.html');
    const api = createKioskClient(createBridge(electron.ipcRenderer), { timeoutMs: 2_000 });

    await expect(api.lookupTicket('A012')).resolves.toMatchObject({ number: 'A012', waitingAhead: 4 });

    const seen: unknown[] = [];
    api.on('devices', (d) => seen.push(d));
    for (const l of listeners) l('devices', [{ device: 'printer', model: 'generic-escpos-80', state: 'warning', code: 'PAPER_LOW', since: 'now' }]);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await shell.shutdown();
  });

  it('leaves kiosk mode when staff ask: devices closed, exit status for the service manager', async () => {
    const { agent, closed } = fakeAgent();
    const shell = (await startShell({ agent, env: {}, distDir: dist, log: memoryLogger() }))!;
    const win = shell.kioskWindow as unknown as InstanceType<typeof electron.BrowserWindow>;
    electron.connectRenderer(win.webContents, 'app://kiosk/kiosk/index.html');
    const api = createKioskClient(createBridge(electron.ipcRenderer), { timeoutMs: 2_000 });
    await api.exitKiosk();
    await vi.waitFor(() => expect(electron.app.exitCodes).toEqual([EXIT_STAFF]));
    expect(closed).toEqual(['closed']);
  });

  it('closes the device host before the app quits', async () => {
    const { agent, closed } = fakeAgent();
    await startShell({ agent, env: {}, distDir: dist, log: memoryLogger() });
    const quit = new electron.FakeEvent();
    electron.app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.quitCalls).toBe(1));
    expect(closed).toEqual(['closed']);
    const again = new electron.FakeEvent();
    electron.app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('does nothing but quit when another instance runs', async () => {
    electron.app.gotLock = false;
    const { agent } = fakeAgent();
    expect(await startShell({ agent, env: {}, distDir: dist, log: memoryLogger() })).toBeUndefined();
    expect(electron.FakeBrowserWindow.all).toEqual([]);
    expect(electron.app.quitCalls).toBe(1);
  });

  it('opens the window screen of a counter terminal on its display, allowed to stay on the hall', async () => {
    electron.screen.displays = [
      { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
      { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } },
    ];
    const { agent } = fakeAgent({ role: 'counter', hallUrl: 'http://hall.lan:8080', terminal: { display: { idleResetSeconds: 60 } } });
    const shell = (await startShell({ agent, env: { KIOSK_WINDOW_NO: '3', KIOSK_WINDOW_SCREEN_DISPLAY: '2' }, distDir: dist, log: memoryLogger() }))!;
    const screenWin = shell.windowScreen as unknown as InstanceType<typeof electron.BrowserWindow>;
    expect(screenWin.webContents.loaded).toEqual(['http://hall.lan:8080/window/3']);
    expect(screenWin.webContents.fire('will-navigate', 'http://hall.lan:8080/window/3?x=1').defaultPrevented).toBe(false);
    expect(screenWin.webContents.fire('will-navigate', 'https://example.com/').defaultPrevented).toBe(true);
    await shell.shutdown();
  });

  it('still opens the window, and keeps retrying, when the terminal set-up is wrong', async () => {
    const timers = manualTimers();
    const log = memoryLogger();
    const { agent } = fakeAgent(new Error('KIOSK_PROFILE is not set'));
    const shell = (await startShell({ agent, env: {}, distDir: dist, log, timers }))!;
    expect(shell.kioskWindow).toBeDefined();
    expect(shell.devices.current()).toBeUndefined();
    expect(log.entries[0]).toMatchObject({ level: 'error', message: 'terminal configuration invalid; devices will not start' });
    expect(timers.pending()).toContain(30_000);
    await shell.shutdown();
  });

  it('checks for updates only when a feed is configured', async () => {
    const timers = manualTimers();
    const { agent } = fakeAgent();
    const fetched: string[] = [];
    const realFetch = electron.net.fetch;
    electron.net.fetch = async (input) => {
      fetched.push(String(input));
      return new Response('version: 9.9.9\n');
    };
    try {
      electron.powerMonitor.idleSeconds = 3600;
      const log = memoryLogger();
      const shell = (await startShell({
        agent,
        env: { KIOSK_UPDATE_URL: 'http://updates.lan/kiosk/' },
        distDir: dist,
        log,
        timers,
        platform: 'linux',
        arch: 'x64',
      }))!;
      await timers.advance(0);
      expect(fetched).toEqual(['http://updates.lan/kiosk/latest-linux.yml']);
      expect(log.entries.some((e) => e.message === 'update available')).toBe(true);
      await shell.shutdown();
    } finally {
      electron.net.fetch = realFetch;
    }
  });
});
