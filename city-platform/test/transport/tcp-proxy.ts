/** A loopback TCP relay whose connections a test can cut, as a network fault would, while the relay stays up for the reconnect. */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export type TcpProxy = { url: string; cut(): void; close(): Promise<void> };

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const live = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(targetPort, '127.0.0.1');
    for (const [a, b] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      live.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => (live.delete(a), b.destroy()));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => {
      for (const socket of live) socket.destroy();
    },
    close: async () => {
      for (const socket of live) socket.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
