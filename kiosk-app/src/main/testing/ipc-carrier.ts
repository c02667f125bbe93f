/**
 * A KioskApi carrier that takes the Electron path end to end, under Node:
 * the real preload bridge (src/preload/bridge.ts) → a fake ipcRenderer →
 * the mocked ipcMain → the real IPC bridge (ipc.ts) → the given KioskHost,
 * and back through `webContents.send`. Messages are structured-cloned as
 * between processes. The test file must mock `electron` with
 * ./electron-mock.ts. Each carrier has its own window and renderer, so
 * several may run at once.
 */
import { EventEmitter } from 'node:events';
import type { KioskHost } from '../../shared/host.ts';
import type { Carrier, RpcResponse } from '../../shared/rpc.ts';
import { createBridge } from '../../preload/bridge.ts';
import { IPC_CHANNELS } from '../../shared/bridge.ts';
import { APP_ENTRY_URL } from '../app-protocol.ts';
import { createIpcBridge } from '../ipc.ts';
import { memoryLogger, type Logger } from '../log.ts';
import { FakeBrowserWindow, FakeWebFrameMain, ipcMain } from './electron-mock.ts';

export type IpcCarrier = Carrier & {
  /**
   * Puts one message on `kiosk:request` as the kiosk window, past the preload's
   * own checks (as a compromised page would have to), and resolves with the
   * answer, or undefined when none comes within `timeoutMs`.
   */
  sendRaw(message: unknown, timeoutMs?: number): Promise<RpcResponse | undefined>;
  close(): Promise<void>;
};

export function createIpcCarrier(host: KioskHost, options: { log?: Logger } = {}): IpcCarrier {
  const main = createIpcBridge({ log: options.log ?? memoryLogger() });
  const win = new FakeBrowserWindow({});
  const contents = win.webContents;
  contents.mainFrame = new FakeWebFrameMain(APP_ENTRY_URL);
  main.addWindow(contents as never);
  main.setHost(host);

  const renderer = new EventEmitter();
  const rendererIpc = {
    send: (channel: string, ...args: unknown[]) => {
      const copy = structuredClone(args);
      setImmediate(() => ipcMain.emit(channel, { sender: contents, senderFrame: contents.mainFrame }, ...copy));
    },
    on: (channel: string, listener: (...args: any[]) => void) => renderer.on(channel, listener),
    removeListener: (channel: string, listener: (...args: any[]) => void) => renderer.removeListener(channel, listener),
  };
  contents.send = (channel: string, ...args: unknown[]) => {
    const copy = structuredClone(args);
    setImmediate(() => renderer.emit(channel, {}, ...copy));
  };

  const bridge = createBridge(rendererIpc);
  const closeHandlers: (() => void)[] = [];
  return {
    send: (message) => bridge.send(message),
    onMessage: (handler) => bridge.onMessage(handler),
    onClose: (handler) => void closeHandlers.push(handler),
    sendRaw(message, timeoutMs = 2_000) {
      const id = (message as { id?: unknown } | null)?.id;
      return new Promise<RpcResponse | undefined>((resolve) => {
        const listener = (_event: unknown, answer: RpcResponse) => {
          if (answer?.type !== 'response' || answer.id !== id) return;
          clearTimeout(timer);
          renderer.removeListener(IPC_CHANNELS.message, listener);
          resolve(answer);
        };
        const timer = setTimeout(() => {
          renderer.removeListener(IPC_CHANNELS.message, listener);
          resolve(undefined);
        }, timeoutMs);
        renderer.on(IPC_CHANNELS.message, listener);
        ipcMain.emit(IPC_CHANNELS.request, { sender: contents, senderFrame: contents.mainFrame }, structuredClone(message));
      });
    },
    async close() {
      main.close();
      win.destroy();
      for (const handler of closeHandlers) handler();
    },
  };
}
