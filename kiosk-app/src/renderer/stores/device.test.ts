// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../shared/kiosk-api.ts';
import { devicesOk } from '../testing/fake-kiosk-api.ts';
import { useDeviceStore } from './device.ts';

beforeEach(() => setActivePinia(createPinia()));

const withPrinter = (patch: Partial<DeviceStatus>) => devicesOk().map((d) => (d.device === 'printer' ? { ...d, ...patch } : d));

describe('device states', () => {
  it('allow printing when the printer is ok or only low on paper', () => {
    const store = useDeviceStore();
    store.setDevices(devicesOk());
    expect(store.canPrint).toBe(true);
    store.setDevices(withPrinter({ state: 'warning', code: 'PAPER_LOW' }));
    expect(store.canPrint).toBe(true);
    expect(store.paperLow).toBe(true);
  });

  it.each([
    [{ state: 'error', code: 'PAPER_OUT' }, 'PRINTER_PAPER_OUT'],
    [{ state: 'error', code: 'COVER_OPEN' }, 'PRINTER_COVER_OPEN'],
    [{ state: 'absent', code: 'DISCONNECTED' }, 'PRINTER_ABSENT'],
    [{ state: 'error', code: 'CUTTER' }, 'PRINTER_OFFLINE'],
  ] as const)('block printing for a printer %o with %s', (patch, block) => {
    const store = useDeviceStore();
    store.setDevices(withPrinter(patch));
    expect(store.printerBlock).toBe(block);
    expect(store.canPrint).toBe(false);
  });

  it('treat a terminal without a printer as unable to print', () => {
    const store = useDeviceStore();
    store.setDevices(devicesOk().filter((d) => d.device !== 'printer'));
    expect(store.printerBlock).toBe('PRINTER_ABSENT');
  });

  it('say the reader is missing when it is absent or failed', () => {
    const store = useDeviceStore();
    store.setDevices(devicesOk().map((d) => (d.device === 'idReader' ? { ...d, state: 'absent' as const } : d)));
    expect(store.readerMissing).toBe(true);
    store.setDevices(devicesOk());
    expect(store.readerMissing).toBe(false);
  });

  it('claim nothing before the first device report arrives', () => {
    const store = useDeviceStore();
    expect(store.printerBlock).toBeNull();
    expect(store.readerMissing).toBe(false);
    expect(store.canPrint).toBe(false);
  });
});
