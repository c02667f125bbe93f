/**
 * The KioskApi contract suite (src/shared/kiosk-api.contract.ts) over the
 * Electron carrier: the real preload bridge → mocked ipcRenderer/ipcMain →
 * ipc.ts → the real device host, with simulated devices on socat ptys and a
 * real hall (the agent's test rig). Only the WebSocket server of the rig is
 * bypassed: the renderer side talks IPC, exactly as inside Electron.
 */
import { describe, expect, it, vi } from 'vitest';
import type { IdReaderSimulator } from '@hall/drivers';
import type { KioskHost } from '../shared/host.ts';
import { describeKioskApiContract } from '../shared/kiosk-api.contract.ts';
import { describeFilingApiContract } from '../shared/kiosk-api.filing.contract.ts';
import { KioskError } from '../shared/kiosk-api.ts';
import { createKioskClient } from '../shared/rpc.ts';
import { kioskContractRig, startKioskRig } from '../agent/testing/rig.ts';
import { filingContractRig, startFilingRig } from '../agent/testing/filing-rig.ts';

vi.mock('electron', () => import('./testing/electron-mock.ts'));
const { createIpcCarrier } = await import('./testing/ipc-carrier.ts');

/**
 * Lifts the card and waits until the reader has polled once without it. IPC
 * delivers the card event so fast that the next test could put the same card
 * back before the reader ever saw it gone, and a reader waiting for removal
 * would then never report it again.
 */
function liftCard(reader: IdReaderSimulator): Promise<void> {
  reader.remove();
  return new Promise((resolve) => {
    const onResponse = (name: string) => {
      if (name !== 'findCard') return;
      reader.off('response', onResponse);
      // Let the reader take the answer in before anything else happens.
      setTimeout(resolve, 20);
    };
    reader.on('response', onResponse);
  });
}

describe('device host over Electron IPC', () => {
  describeKioskApiContract('Electron IPC (preload bridge → ipcMain → device host)', async () => {
    const rig = await startKioskRig();
    const carrier = createIpcCarrier(rig.agent.device.host);
    return kioskContractRig(rig, createKioskClient(carrier, { timeoutMs: 15_000 }), {
      sendRaw: (message) => carrier.sendRaw(message),
      closeCarrier: () => carrier.close(),
      liftCard,
    });
  });
});

describe('filing machine over Electron IPC', () => {
  describeFilingApiContract('Electron IPC (preload bridge → ipcMain → device host)', async () => {
    const rig = await startFilingRig();
    const carrier = createIpcCarrier(rig.agent.device.host);
    return filingContractRig(rig, createKioskClient(carrier, { timeoutMs: 15_000 }), { closeCarrier: () => carrier.close(), liftCard });
  });
});

describe('the Electron carrier', () => {
  const host: KioskHost = {
    async call(method, params) {
      if (method === 'staffLogin') return params[0] === '2468';
      if (method === 'reprintLast') throw new KioskError({ code: 'STAFF_ONLY' });
      return { method };
    },
    subscribe: () => () => {},
  };

  it('carries calls, answers and refusals between two carriers at once without crossing them', async () => {
    const a = createIpcCarrier(host);
    const b = createIpcCarrier(host);
    const apiA = createKioskClient(a, { timeoutMs: 2_000 });
    const apiB = createKioskClient(b, { timeoutMs: 2_000 });
    await expect(Promise.all([apiA.staffLogin('2468'), apiB.staffLogin('0000')])).resolves.toEqual([true, false]);
    await expect(apiA.reprintLast()).rejects.toMatchObject({ code: 'STAFF_ONLY' });
    await a.close();
    await b.close();
  });

  it('refuses, in the main process too, a method a page slipped past the preload', async () => {
    const carrier = createIpcCarrier(host);
    expect(await carrier.sendRaw({ type: 'request', id: 7, method: '__proto__', params: [] })).toMatchObject({ id: 7, error: { code: 'UNKNOWN_METHOD' } });
    await carrier.close();
  });

  it('rejects pending calls when it closes', async () => {
    const slow: KioskHost = { call: () => new Promise(() => {}), subscribe: () => () => {} };
    const carrier = createIpcCarrier(slow);
    const api = createKioskClient(carrier, { timeoutMs: 5_000 });
    const pending = api.info();
    await new Promise((r) => setTimeout(r, 5));
    await carrier.close();
    await expect(pending).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
  });
});
