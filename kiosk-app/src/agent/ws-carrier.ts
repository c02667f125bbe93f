/**
 * A Carrier (shared/rpc.ts) over a WebSocket from Node: what the contract
 * tests and the bench use to talk to the agent exactly as the browser does.
 */
import WebSocket from 'ws';
import { agentProtocols } from '../shared/bridge.ts';
import type { Carrier, RpcEvent, RpcResponse } from '../shared/rpc.ts';

export type WsCarrier = Carrier & { close(): Promise<void>; socket: WebSocket };

/** `origin` and `key` are what a browser page would present (the agent refuses a connection without both); omitted, they are not sent. */
export function connectWsCarrier(url: string, options: { origin?: string; key?: string } = {}): Promise<WsCarrier> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.key === undefined ? [] : agentProtocols(options.key), options.origin ? { origin: options.origin } : {});
    let handler: ((message: RpcResponse | RpcEvent) => void) | undefined;
    const closeHandlers: (() => void)[] = [];
    socket.on('message', (raw) => {
      try {
        handler?.(JSON.parse(raw.toString()) as RpcResponse | RpcEvent);
      } catch {
        // Not ours: ignore.
      }
    });
    socket.on('close', () => closeHandlers.forEach((h) => h()));
    socket.once('error', reject);
    socket.once('open', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve({
        socket,
        send: (message) => socket.send(JSON.stringify(message)),
        onMessage: (h) => (handler = h),
        onClose: (h) => closeHandlers.push(h),
        close: () =>
          new Promise<void>((r) => {
            if (socket.readyState === socket.CLOSED) return r();
            socket.once('close', () => r());
            socket.close();
          }),
      });
    });
  });
}
