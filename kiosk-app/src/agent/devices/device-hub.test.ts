import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeTransport, IdReaderSimulator } from '@hall/drivers';
import { resolveTerminal } from '@hall/hardware-profiles';
import type { DeviceStatus } from '../../shared/kiosk-api.ts';
import { until } from '../testing/rig.ts';
import { fakeTerminal, tempDirs } from '../testing/scratch.ts';
import { DeviceHub } from './device-hub.ts';

const tempDir = tempDirs('hub-');
const readerOnlyTerminal = () => fakeTerminal(tempDir(), { idReader: 'generic-ga467' });

const hubs: DeviceHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

describe('device hub', () => {
  it('an unplugged reader shows as absent, and as working again once it is back', async () => {
    const transport = new FakeTransport({ reconnect: { initialMs: 10, maxMs: 20 } });
    new IdReaderSimulator(transport.device, { card: null });
    const hub = new DeviceHub(readerOnlyTerminal(), { transportFor: () => transport });
    hubs.push(hub);
    const seen: DeviceStatus[][] = [];
    hub.on('devices', (s) => seen.push(s));
    await hub.start();
    expect(hub.status('idReader')?.state).toBe('ok');
    transport.device.unplug();
    await until(() => hub.status('idReader')?.state === 'absent', 2000, 'absent');
    expect(hub.status('idReader')?.code).toBe('DISCONNECTED');
    transport.device.replug();
    await until(() => hub.status('idReader')?.state === 'ok', 2000, 'back');
    expect(seen.map((s) => s[0]!.state)).toEqual(['absent', 'ok', 'absent', 'ok']);
  });

  it('a reader that stops answering is torn down and started again', async () => {
    const made: FakeTransport[] = [];
    const hub = new DeviceHub(readerOnlyTerminal(), {
      readerDeadAfterTimeouts: 2,
      transportFor: () => {
        const t = new FakeTransport();
        // The first reader is mute (a hung firmware); the one after the restart answers.
        if (made.length > 0) new IdReaderSimulator(t.device, { card: null });
        made.push(t);
        return t;
      },
    });
    hubs.push(hub);
    await hub.start();
    await until(() => made.length >= 2, 8000, 'a restart');
    await until(() => hub.status('idReader')?.state === 'ok', 3000, 'the new reader to work');
  });

  it('a set-up without a printer driver shows the printer as absent, and leaves LEDs and keypads alone', async () => {
    const hub = new DeviceHub(resolveTerminal(join((await import('@hall/hardware-profiles')).terminalsDir, 'demo-simulated.json')), {
      transportFor: () => new FakeTransport(),
    });
    hubs.push(hub);
    await hub.start();
    expect(
      hub
        .statuses()
        .map((s) => s.device)
        .sort(),
    ).toEqual(['idReader', 'printer', 'scanner']);
    expect(hub.status('printer')).toMatchObject({ state: 'absent', code: 'NO_DRIVER' });
    expect(await hub.checkPrinter()).toMatchObject({ state: 'absent' });
  });
});
