import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../shared/bridge.ts';
import type { KioskHost } from '../shared/host.ts';
import { KioskError, type KioskEvents } from '../shared/kiosk-api.ts';

vi.mock('electron', () => import('./testing/electron-mock.ts'));
const electron = await import('./testing/electron-mock.ts');
const { ALLOWED_CHANNELS, createIpcBridge } = await import('./ipc.ts');
const { memoryLogger } = await import('./log.ts');

type Listener = <E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]) => void;

function fakeHost(answers: Record<string, unknown> = {}) {
  const calls: { method: string; params: unknown[] }[] = [];
  const listeners = new Set<Listener>();
  const host: KioskHost = {
    async call(method, params) {
      calls.push({ method, params });
      const answer = answers[method];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { host, calls, listeners, emit: <E extends keyof KioskEvents>(e: E, p: KioskEvents[E]) => listeners.forEach((l) => l(e, p)) };
}

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

function setUp(answers?: Record<string, unknown>) {
  const log = memoryLogger();
  const bridge = createIpcBridge({ log });
  const win = new electron.BrowserWindow({});
  win.webContents.mainFrame = new electron.FakeWebFrameMain('app://kiosk/kiosk/index.html');
  bridge.addWindow(win.webContents as never);
  const fake = fakeHost(answers);
  bridge.setHost(fake.host);
  const request = (message: unknown, sender = win.webContents, frameUrl = sender.mainFrame.url) =>
    electron.ipcMain.emit(IPC_CHANNELS.request, { sender, senderFrame: new electron.FakeWebFrameMain(frameUrl) }, message);
  const replies = () => win.webContents.sent.filter((s) => s.channel === IPC_CHANNELS.message).map((s) => s.args[0]);
  return { log, bridge, win, fake, request, replies };
}

beforeEach(() => electron.resetElectronMock());

describe('the IPC bridge', () => {
  it('listens on the allowlisted request channel only', () => {
    setUp();
    expect(ALLOWED_CHANNELS).toEqual(['kiosk:request', 'kiosk:message']);
    expect(electron.ipcMain.eventNames()).toEqual([IPC_CHANNELS.request]);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('forwards a known method to the device host and answers on kiosk:message', async () => {
    const { fake, request, replies } = setUp({ lookupTicket: { number: 'A012', waitingAhead: 3 } });
    request({ type: 'request', id: 7, method: 'lookupTicket', params: ['A012'] });
    await settle();
    expect(fake.calls).toEqual([{ method: 'lookupTicket', params: ['A012'] }]);
    expect(replies()).toEqual([{ type: 'response', id: 7, result: { number: 'A012', waitingAhead: 3 } }]);
  });

  it('passes a refusal of the host through with its code and details', async () => {
    const refusal = new KioskError({ code: 'PRINTER_PAPER_OUT', details: { printer: 'PAPER_OUT' } });
    const { request, replies } = setUp({ issueTicket: refusal });
    request({ type: 'request', id: 1, method: 'issueTicket', params: [{ serviceCode: 'A' }] });
    await settle();
    expect(replies()).toEqual([{ type: 'response', id: 1, error: { code: 'PRINTER_PAPER_OUT', details: { printer: 'PAPER_OUT' } } }]);
  });

  it('answers an unknown method with an error and never calls the host', async () => {
    const { fake, request, replies } = setUp();
    request({ type: 'request', id: 2, method: 'openSerialPort', params: ['/dev/ttyUSB0'] });
    await settle();
    expect(fake.calls).toEqual([]);
    expect(replies()).toEqual([expect.objectContaining({ id: 2, error: expect.objectContaining({ code: 'UNKNOWN_METHOD' }) })]);
  });

  it('drops a malformed message', async () => {
    const { fake, request, replies, log } = setUp();
    request({ type: 'event', event: 'card' });
    request('info');
    await settle();
    expect(fake.calls).toEqual([]);
    expect(replies()).toEqual([]);
    expect(log.entries.filter((e) => e.message === 'ipc message dropped: not a request')).toHaveLength(2);
  });

  it('drops and logs a message from a webContents that is not the kiosk window', async () => {
    const { fake, request, log } = setUp();
    const stranger = new electron.BrowserWindow({}).webContents;
    stranger.mainFrame = new electron.FakeWebFrameMain('app://kiosk/kiosk/index.html');
    request({ type: 'request', id: 3, method: 'testPrint', params: [] }, stranger);
    await settle();
    expect(fake.calls).toEqual([]);
    expect(stranger.sent).toEqual([]);
    expect(log.entries).toEqual([expect.objectContaining({ level: 'warn', message: 'ipc message dropped: unknown sender' })]);
  });

  it('drops a message from our window when its frame is not at app://kiosk/', async () => {
    const { fake, request, win, replies, log } = setUp();
    request({ type: 'request', id: 4, method: 'testPrint', params: [] }, win.webContents, 'https://evil.example/');
    await settle();
    expect(fake.calls).toEqual([]);
    expect(replies()).toEqual([]);
    expect(log.entries[0]?.message).toBe('ipc message dropped: sender frame not at app://kiosk/');
  });

  it('sends the host’s events to the window', () => {
    const { fake, replies } = setUp();
    fake.emit('hall', { online: false, since: '2026-11-22T08:00:00Z', pendingOffline: 2 });
    expect(replies()).toEqual([{ type: 'event', event: 'hall', payload: { online: false, since: '2026-11-22T08:00:00Z', pendingOffline: 2 } }]);
  });

  it('answers “restarting” while no host serves, and follows the new host after a restart', async () => {
    const { bridge, fake, request, replies } = setUp({ info: 'old' });
    bridge.setHost(undefined);
    expect(fake.listeners.size).toBe(0);
    request({ type: 'request', id: 5, method: 'info', params: [] });
    await settle();
    expect(replies()).toEqual([expect.objectContaining({ id: 5, error: expect.objectContaining({ code: 'AGENT_UNREACHABLE' }) })]);
    const next = fakeHost({ info: 'new' });
    bridge.setHost(next.host);
    request({ type: 'request', id: 6, method: 'info', params: [] });
    await settle();
    expect(replies()[1]).toEqual({ type: 'response', id: 6, result: 'new' });
    expect(next.listeners.size).toBe(1);
  });

  it('forgets a window once it is destroyed, and stops listening when closed', async () => {
    const { bridge, fake, win, request } = setUp();
    win.destroy();
    fake.emit('scan', { kind: 'ticket', text: 'A012', at: 'now' });
    request({ type: 'request', id: 8, method: 'info', params: [] });
    await settle();
    expect(fake.calls).toEqual([]);
    bridge.close();
    expect(electron.ipcMain.eventNames()).toEqual([]);
    expect(fake.listeners.size).toBe(0);
  });

  it('answers with an internal error when a result cannot cross to the renderer', async () => {
    const { win, request, log } = setUp({ info: { ok: true } });
    const send = win.webContents.send.bind(win.webContents);
    let first = true;
    win.webContents.send = (channel: string, ...args: unknown[]) => {
      if (first) {
        first = false;
        throw new Error('An object could not be cloned.');
      }
      send(channel, ...args);
    };
    request({ type: 'request', id: 9, method: 'info', params: [] });
    await settle();
    expect(win.webContents.sent.map((s) => s.args[0])).toEqual([expect.objectContaining({ id: 9, error: expect.objectContaining({ code: 'INTERNAL' }) })]);
    expect(log.entries[0]?.message).toBe('ipc message could not be sent');
  });
});
