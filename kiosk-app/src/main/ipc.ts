/**
 * The main-process end of the preload bridge: requests arrive on
 * `kiosk:request` and go to the device host through `serveRequest`; answers
 * and the host's events leave on `kiosk:message`. Those two channels
 * (bridge.ts IPC_CHANNELS) are the only ones the shell listens on. A message
 * from anything but our own kiosk window at `app://kiosk/` is dropped and
 * logged: a page that got loaded some other way must not reach the printer.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { IPC_CHANNELS } from '../shared/bridge.ts';
import { eventMessage, serveRequest, type KioskHost } from '../shared/host.ts';
import type { KioskErrorBody } from '../shared/kiosk-api.ts';
import type { RpcEvent, RpcResponse } from '../shared/rpc.ts';
import { isAppUrl } from './app-protocol.ts';
import type { Logger } from './log.ts';

export const ALLOWED_CHANNELS: readonly string[] = Object.values(IPC_CHANNELS);

// While the device host restarts the window hears the same as when it stops answering.
const HOST_RESTARTING: KioskErrorBody = { code: 'AGENT_UNREACHABLE' };

const INTERNAL: KioskErrorBody = { code: 'INTERNAL' };

export type IpcBridge = {
  /** A window whose page may talk to the device host, and that receives its events. */
  addWindow(contents: WebContents): void;
  /** The device host now serving (undefined while it restarts). */
  setHost(host: KioskHost | undefined): void;
  close(): void;
};

type SenderEvent = Pick<IpcMainEvent, 'sender' | 'senderFrame'>;

export function createIpcBridge(options: { log: Logger }): IpcBridge {
  const { log } = options;
  const windows = new Map<number, WebContents>();
  let host: KioskHost | undefined;
  let unsubscribe: (() => void) | undefined;

  const deliver = (contents: WebContents, message: RpcResponse | RpcEvent) => {
    if (contents.isDestroyed()) return;
    try {
      contents.send(IPC_CHANNELS.message, message);
    } catch (err) {
      // Something the host returned cannot cross the process boundary.
      log.error('ipc message could not be sent', { err, type: message.type });
      if (message.type === 'response') contents.send(IPC_CHANNELS.message, { type: 'response', id: message.id, error: INTERNAL });
    }
  };

  const senderProblem = (event: SenderEvent): string | undefined => {
    const known = windows.get(event.sender?.id);
    if (!known || known !== event.sender) return 'unknown sender';
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url)) return 'sender frame not at app://kiosk/';
    return undefined;
  };

  const onRequest = (event: IpcMainEvent, message: unknown) => {
    const problem = senderProblem(event);
    if (problem) {
      log.warn(`ipc message dropped: ${problem}`, { senderId: event.sender?.id, url: event.senderFrame?.url });
      return;
    }
    const id = (message as { id?: unknown } | null)?.id;
    if (!host) {
      if (typeof id === 'number') deliver(event.sender, { type: 'response', id, error: HOST_RESTARTING });
      return;
    }
    serveRequest(host, message, (err) => log.error('device host failed a call', err)).then(
      (response) => {
        if (response) deliver(event.sender, response);
        else log.warn('ipc message dropped: not a request');
      },
      (err: unknown) => log.error('ipc request failed', err),
    );
  };

  ipcMain.on(IPC_CHANNELS.request, onRequest);

  return {
    addWindow(contents) {
      windows.set(contents.id, contents);
      contents.once('destroyed', () => windows.delete(contents.id));
    },
    setHost(next) {
      unsubscribe?.();
      unsubscribe = undefined;
      host = next;
      if (next) {
        unsubscribe = next.subscribe((event, payload) => {
          const message = eventMessage(event, payload);
          for (const contents of windows.values()) deliver(contents, message);
        });
      }
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
      host = undefined;
      ipcMain.removeListener(IPC_CHANNELS.request, onRequest);
      windows.clear();
    },
  };
}
