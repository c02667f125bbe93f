import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../testing/cleanup.ts';
import { TcpTransport } from '../transport/tcp.ts';
import type { Transport } from '../transport/transport.ts';
import { openSimLine, type SimLine, type SimLineKind } from './line.ts';
import { TcpDeviceEnd } from './tcp-device-end.ts';

const nextData = (t: Transport) => new Promise<string>((resolve) => t.once('data', (chunk) => resolve(Buffer.from(chunk).toString())));
const cleanup = cleanupAfterEach();
const track = <T extends Transport>(t: T) => (cleanup(() => t.close()), t);

describe('a simulator’s end of a line put on loopback TCP, as a serial device server carries it', () => {
  it('listens on a free port and passes bytes both ways unchanged', async () => {
    const device = track(new TcpDeviceEnd());
    await device.open();
    expect(device.port).toBeGreaterThan(0);
    const driver = track(new TcpTransport({ host: device.host, port: device.port }));
    const heard = nextData(device);
    await driver.open();
    await driver.write(Buffer.from('call 1'));
    expect(await heard).toBe('call 1');
    const answered = nextData(driver);
    await device.write(Buffer.from('ok'));
    expect(await answered).toBe('ok');
  });

  it('a driver that reconnects takes the line over; the old connection hears nothing more', async () => {
    const device = track(new TcpDeviceEnd());
    await device.open();
    const first = track(new TcpTransport({ host: device.host, port: device.port, reconnect: { enabled: false } }));
    await first.open();
    const second = track(new TcpTransport({ host: device.host, port: device.port, reconnect: { enabled: false } }));
    const firstLost = new Promise<void>((resolve) => first.once('disconnected', () => resolve()));
    await second.open();
    await firstLost;
    const answered = nextData(second);
    // The accept may land just after connect() resolves: write until the new client hears.
    const timer = setInterval(() => void device.write(Buffer.from('B')), 20);
    expect(await answered).toMatch(/^B+$/);
    clearInterval(timer);
  });

  it('bytes written with no driver connected are dropped, as on a line with nothing at the other end', async () => {
    const device = track(new TcpDeviceEnd());
    await device.open();
    await expect(device.write(Buffer.from('lost'))).resolves.toBeUndefined();
  });

  it('closing frees the port', async () => {
    const device = new TcpDeviceEnd();
    await device.open();
    const port = device.port;
    await device.close();
    const driver = new TcpTransport({ host: '127.0.0.1', port, reconnect: { enabled: false }, connectTimeoutMs: 1000 });
    await expect(driver.open()).rejects.toThrow();
  });
});

describe('openSimLine', () => {
  async function open(kind: SimLineKind): Promise<SimLine> {
    const line = await openSimLine(kind, 9600);
    cleanup(() => line.close());
    return line;
  }

  it('tcp: the driver’s end is a terminal set-up’s tcp transport on loopback', async () => {
    const line = await open('tcp');
    expect(line.host).toMatchObject({ type: 'tcp', host: '127.0.0.1' });
    expect(line.device.isOpen).toBe(true);
  });

  it('pty: the driver’s end is a serial transport at the line’s rate', async () => {
    const line = await open('pty');
    expect(line.host).toMatchObject({ type: 'serial', baudRate: 9600 });
    expect(line.device.isOpen).toBe(true);
  });
});
