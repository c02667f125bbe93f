/**
 * A line between a driver and a simulator, when there is no hardware: a pair
 * of virtual serial ports made by socat (`pty`), or a loopback TCP socket
 * (`tcp`), which needs nothing but Node. The driver's end is described as a
 * terminal set-up describes a device's transport; the simulator's end is an
 * open Transport.
 */
import { SerialTransport } from '../transport/serial.ts';
import type { Transport } from '../transport/transport.ts';
import { createPtyPair } from './socat.ts';
import { TcpDeviceEnd } from './tcp-device-end.ts';

export type SimLineKind = 'pty' | 'tcp';

/** The driver's end, in the shape of a terminal set-up's `transport`. */
export type SimLineHostEnd = { type: 'serial'; path: string; baudRate: number } | { type: 'tcp'; host: string; port: number };

export interface SimLine {
  readonly host: SimLineHostEnd;
  /** The simulator's end, open. */
  readonly device: Transport;
  close(): Promise<void>;
}

/**
 * Both ends of a socat pty pair as open serial transports, for benches and
 * tests that drive the host end themselves. Neither end reconnects.
 */
export async function openPtyEnds(baudRate: number): Promise<{ host: SerialTransport; device: SerialTransport; close(): Promise<void> }> {
  const pair = await createPtyPair();
  const device = new SerialTransport({ path: pair.device, baudRate, reconnect: { enabled: false } });
  const host = new SerialTransport({ path: pair.host, baudRate, reconnect: { enabled: false } });
  const close = async () => {
    await host.close();
    await device.close();
    await pair.close();
  };
  try {
    await device.open();
    await host.open();
  } catch (err) {
    await close();
    throw err;
  }
  return { host, device, close };
}

export async function openSimLine(kind: SimLineKind, baudRate: number): Promise<SimLine> {
  if (kind === 'tcp') {
    const device = new TcpDeviceEnd();
    await device.open();
    return { host: { type: 'tcp', host: device.host, port: device.port }, device, close: () => device.close() };
  }
  const pair = await createPtyPair();
  const device = new SerialTransport({ path: pair.device, baudRate });
  try {
    await device.open();
  } catch (err) {
    await pair.close();
    throw err;
  }
  return {
    host: { type: 'serial', path: pair.host, baudRate },
    device,
    async close() {
      await device.close();
      await pair.close();
    },
  };
}
