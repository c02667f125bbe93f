import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, IPC_CHANNELS } from '../shared/bridge.ts';

vi.mock('electron', () => import('../main/testing/electron-mock.ts'));
const electron = await import('../main/testing/electron-mock.ts');
const { createBridge, isRpcRequest } = await import('./bridge.ts');
await import('./index.ts');
const exposedAtLoad = new Map(electron.exposed);

beforeEach(() => electron.resetElectronMock());

describe('the preload bridge', () => {
  it('exposes hallKiosk with send and onMessage and nothing else', () => {
    const api = exposedAtLoad.get(BRIDGE_GLOBAL) as Record<string, unknown>;
    expect([...exposedAtLoad.keys()]).toEqual(['hallKiosk']);
    expect(Object.keys(api).sort()).toEqual(['onMessage', 'send']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('sends a request on kiosk:request, with its four fields only', () => {
    const bridge = createBridge(electron.ipcRenderer);
    bridge.send({ type: 'request', id: 1, method: 'issueTicket', params: [{ serviceCode: 'A' }], extra: 'dropped' } as never);
    expect(electron.ipcRenderer.sent).toEqual([
      { channel: IPC_CHANNELS.request, args: [{ type: 'request', id: 1, method: 'issueTicket', params: [{ serviceCode: 'A' }] }] },
    ]);
  });

  it.each([
    ['a method KioskApi does not have', { type: 'request', id: 1, method: 'openPort', params: [] }],
    ['a response', { type: 'response', id: 1, result: 1 }],
    ['a fractional id', { type: 'request', id: 1.5, method: 'info', params: [] }],
    ['params that are not a list', { type: 'request', id: 1, method: 'info', params: 'x' }],
    ['a string', 'info'],
    ['null', null],
  ])('refuses to send %s', (_what, message) => {
    const bridge = createBridge(electron.ipcRenderer);
    expect(() => bridge.send(message as never)).toThrow(TypeError);
    expect(electron.ipcRenderer.sent).toEqual([]);
    expect(isRpcRequest(message)).toBe(false);
  });

  it('delivers responses and events without the IPC event object', () => {
    const bridge = createBridge(electron.ipcRenderer);
    const seen: unknown[][] = [];
    bridge.onMessage((...args: unknown[]) => seen.push(args));
    electron.ipcRenderer.emit(IPC_CHANNELS.message, { sender: 'secret' }, { type: 'response', id: 1, result: 'ok' });
    electron.ipcRenderer.emit(IPC_CHANNELS.message, { sender: 'secret' }, { type: 'event', event: 'scan', payload: {} });
    electron.ipcRenderer.emit(IPC_CHANNELS.message, {}, { nonsense: true });
    electron.ipcRenderer.emit('other-channel', {}, { type: 'response', id: 2 });
    expect(seen).toEqual([[{ type: 'response', id: 1, result: 'ok' }], [{ type: 'event', event: 'scan', payload: {} }]]);
  });

  it('keeps one handler: a second onMessage replaces the first', () => {
    const bridge = createBridge(electron.ipcRenderer);
    const first: unknown[] = [];
    const second: unknown[] = [];
    bridge.onMessage((m) => first.push(m));
    bridge.onMessage((m) => second.push(m));
    electron.ipcRenderer.emit(IPC_CHANNELS.message, {}, { type: 'response', id: 1 });
    expect(first).toEqual([]);
    expect(second).toHaveLength(1);
    expect(electron.ipcRenderer.listenerCount(IPC_CHANNELS.message)).toBe(1);
  });
});
