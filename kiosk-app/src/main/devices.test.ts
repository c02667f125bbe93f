import { describe, expect, it } from 'vitest';
import type { KioskHost } from '../shared/host.ts';
import { superviseDeviceHost, type DeviceHostHandle } from './devices.ts';
import { memoryLogger } from './log.ts';
import { manualTimers } from './testing/manual-timers.ts';

function fakeHandle(name: string) {
  let exit: (() => void) | undefined;
  let crash: ((err: unknown) => void) | undefined;
  const handle: DeviceHostHandle & { closed: boolean; name: string; exit(): void; crash(err: unknown): void } = {
    name,
    closed: false,
    host: { call: async () => name, subscribe: () => () => {} } satisfies KioskHost,
    async close() {
      handle.closed = true;
    },
    onExitRequested(cb) {
      exit = cb;
    },
    onCrash(cb) {
      crash = cb;
    },
    exit: () => exit?.(),
    crash: (err) => crash?.(err),
  };
  return handle;
}

function setUp(starts: (() => Promise<DeviceHostHandle>)[]) {
  const timers = manualTimers();
  const log = memoryLogger();
  const hosts: (KioskHost | undefined)[] = [];
  let exits = 0;
  let n = 0;
  const supervisor = superviseDeviceHost({
    start: () => {
      const next = starts[Math.min(n++, starts.length - 1)]!;
      return next();
    },
    onHost: (host) => hosts.push(host),
    onExitRequested: () => exits++,
    log,
    timers,
  });
  return { supervisor, timers, log, hosts, exits: () => exits };
}

describe('the device host in the main process', () => {
  it('starts the agent’s device host and hands its KioskHost on', async () => {
    const first = fakeHandle('first');
    const { supervisor, hosts } = setUp([async () => first]);
    await supervisor.start();
    expect(hosts).toEqual([first.host]);
    expect(supervisor.current()).toBe(first.host);
  });

  it('retries a host that fails to start, waiting longer each time', async () => {
    const ok = fakeHandle('ok');
    const fail = async (): Promise<DeviceHostHandle> => {
      throw new Error('EACCES /dev/ttyUSB0');
    };
    const { supervisor, timers, hosts } = setUp([fail, fail, async () => ok]);
    await supervisor.start();
    expect(supervisor.current()).toBeUndefined();
    expect(timers.pending()).toEqual([1_000]);
    await timers.advance(1_000);
    expect(timers.pending()).toEqual([2_000]);
    await timers.advance(2_000);
    expect(supervisor.current()).toBe(ok.host);
    expect(supervisor.attempts()).toBe(3);
    expect(hosts.at(-1)).toBe(ok.host);
  });

  it('restarts the whole host after an uncaught error, closing the old one first', async () => {
    const first = fakeHandle('first');
    const second = fakeHandle('second');
    const { supervisor, timers, hosts, log } = setUp([async () => first, async () => second]);
    await supervisor.start();
    await supervisor.restart(new Error('driver threw in a timer'));
    expect(first.closed).toBe(true);
    expect(hosts).toEqual([first.host, undefined]);
    await timers.advance(1_000);
    expect(supervisor.current()).toBe(second.host);
    expect(log.entries.some((e) => e.level === 'error' && e.message.startsWith('device host down'))).toBe(true);
  });

  it('restarts a host that reports its own death', async () => {
    const first = fakeHandle('first');
    const second = fakeHandle('second');
    const { supervisor, timers } = setUp([async () => first, async () => second]);
    await supervisor.start();
    first.crash(new Error('outbox database is locked'));
    await timers.advance(1_000);
    expect(first.closed).toBe(true);
    expect(supervisor.current()).toBe(second.host);
    // The dead host's late reports are ignored.
    first.crash(new Error('again'));
    await timers.advance(60_000);
    expect(supervisor.current()).toBe(second.host);
  });

  it('passes a staff request to leave kiosk mode on, from the current host only', async () => {
    const first = fakeHandle('first');
    const second = fakeHandle('second');
    const { supervisor, timers, exits } = setUp([async () => first, async () => second]);
    await supervisor.start();
    first.exit();
    expect(exits()).toBe(1);
    await supervisor.restart('test');
    await timers.advance(1_000);
    first.exit();
    expect(exits()).toBe(1);
    second.exit();
    expect(exits()).toBe(2);
  });

  it('closes the host on stop and starts no other', async () => {
    const first = fakeHandle('first');
    const { supervisor, timers, hosts } = setUp([async () => first]);
    await supervisor.start();
    await supervisor.stop();
    expect(first.closed).toBe(true);
    expect(hosts.at(-1)).toBeUndefined();
    await supervisor.restart('late');
    await timers.advance(60_000);
    expect(supervisor.current()).toBeUndefined();
  });

  it('gives up waiting on a host that will not close', async () => {
    const stuck = fakeHandle('stuck');
    stuck.close = () => new Promise(() => {});
    const { supervisor, timers, log } = setUp([async () => stuck]);
    await supervisor.start();
    const stopping = supervisor.stop();
    await timers.advance(5_000);
    await stopping;
    expect(log.entries.some((e) => e.message === 'device host did not close in time; abandoned')).toBe(true);
  });
});
