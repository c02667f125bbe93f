import { createServer, type Server, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../testing/cleanup.ts';
import { until } from '../testing/until.ts';
import { NotOpenError } from '../errors.ts';
import { backoffDelay } from './backoff.ts';
import { FakeTransport } from './fake.ts';
import { HidTransport, toReports, type HidDevice } from './hid.ts';
import { SerialTransport } from './serial.ts';
import { TcpTransport } from './tcp.ts';

const cleanup = cleanupAfterEach();

describe('backoff', () => {
  it('doubles from the initial delay up to the ceiling', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { initialMs: 100, maxMs: 1000 }))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('nonsense settings are TypeErrors', () => {
    expect(() => backoffDelay(-1)).toThrow(TypeError);
    expect(() => backoffDelay(0, { initialMs: 0 })).toThrow(TypeError);
    expect(() => backoffDelay(0, { initialMs: 100, maxMs: 50 })).toThrow(TypeError);
  });
});

describe('fake transport', () => {
  it('writing before open is a NotOpenError', async () => {
    await expect(new FakeTransport().write(Uint8Array.of(1))).rejects.toBeInstanceOf(NotOpenError);
  });

  it('an unplugged device is reported as disconnected and reconnected after re-plug', async () => {
    const t = new FakeTransport();
    const events: string[] = [];
    t.on('connected', () => events.push('connected'));
    t.on('disconnected', (r) => events.push(`disconnected:${r}`));
    await t.open();
    t.device.unplug();
    expect(t.isOpen).toBe(false);
    t.device.replug();
    await until(() => events.length === 3);
    expect(events).toEqual(['connected', 'disconnected:device unplugged', 'connected']);
    await t.close();
  });

  it('with reconnect disabled a lost device stays lost', async () => {
    const t = new FakeTransport({ reconnect: { enabled: false } });
    await t.open();
    t.device.unplug();
    t.device.replug();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.isOpen).toBe(false);
  });
});

describe('tcp transport', () => {
  it('moves bytes both ways and reconnects when the server comes back', async () => {
    let sockets: Socket[] = [];
    let server: Server = createServer((s) => {
      sockets.push(s);
      s.on('data', (d) => s.write(Buffer.concat([Buffer.from('echo:'), d])));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const t = new TcpTransport({ host: '127.0.0.1', port, reconnect: { initialMs: 20, maxMs: 100 } });
    cleanup(() => t.close());
    const data: string[] = [];
    const events: string[] = [];
    t.on('data', (d) => data.push(Buffer.from(d).toString()));
    t.on('connected', () => events.push('connected'));
    t.on('disconnected', () => events.push('disconnected'));
    await t.open();
    await t.write(new TextEncoder().encode('hi'));
    await until(() => data.join('') === 'echo:hi');

    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    await until(() => events.includes('disconnected'));
    sockets = [];
    server = createServer((s) => {
      sockets.push(s);
      s.on('data', (d) => s.write(Buffer.concat([Buffer.from('again:'), d])));
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    cleanup(() => new Promise<void>((r) => server.close(() => r())));
    cleanup(() => sockets.forEach((s) => s.destroy()));
    await until(() => events.filter((e) => e === 'connected').length === 2);
    await t.write(new TextEncoder().encode('x'));
    await until(() => data.join('').endsWith('again:x'));
  });

  it('bad options are TypeErrors', () => {
    expect(() => new TcpTransport({ host: '', port: 1 })).toThrow(TypeError);
    expect(() => new TcpTransport({ host: 'h', port: 70000 })).toThrow(TypeError);
  });
});

describe('hid transport', () => {
  it('writes output reports prefixed with the report id and zero padded', () => {
    const reports = toReports(Uint8Array.of(1, 2, 3, 4, 5), 4, 0);
    expect(reports.map((r) => [...r])).toEqual([
      [0, 1, 2, 3, 4],
      [0, 5, 0, 0, 0],
    ]);
  });

  it('a read error from node-hid (device unplugged) is reported as disconnected', async () => {
    const dev = Object.assign(new EventEmitter(), {
      written: [] as Buffer[],
      async write(d: Buffer) {
        dev.written.push(d);
        return d.length;
      },
      async close() {},
    });
    let opens = 0;
    const t = new HidTransport({
      vendorId: 1,
      productId: 2,
      reportSize: 8,
      reconnect: { enabled: false },
      opener: async () => {
        opens++;
        return dev as unknown as HidDevice;
      },
    });
    const events: string[] = [];
    t.on('disconnected', (r) => events.push(r));
    await t.open();
    await t.write(Uint8Array.of(9, 9));
    expect([...dev.written[0]!]).toEqual([0, 9, 9, 0, 0, 0, 0, 0, 0]);
    dev.emit('error', new Error('could not read from HID device'));
    expect(events).toEqual(['could not read from HID device']);
    expect(opens).toBe(1);
  });

  it('without a path or vendor and product id it is a TypeError', () => {
    expect(() => new HidTransport({})).toThrow(TypeError);
  });
});

describe('serial transport', () => {
  it('opening a port that does not exist fails, and bad settings are TypeErrors', async () => {
    const t = new SerialTransport({ path: '/dev/does-not-exist-hall', reconnect: { enabled: false } });
    await expect(t.open()).rejects.toThrow();
    expect(() => new SerialTransport({ path: '' })).toThrow(TypeError);
    expect(() => new SerialTransport({ path: '/dev/x', baudRate: 0 })).toThrow(TypeError);
  });
});
