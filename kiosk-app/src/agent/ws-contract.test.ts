/**
 * The KioskApi contract over the WebSocket carrier: a real hall on loopback,
 * the agent with its devices on socat ptys and the drivers' simulators on the
 * other ends, and a client talking to the agent exactly as a browser does.
 */
import { describe } from 'vitest';
import { describeKioskApiContract } from '../shared/kiosk-api.contract.ts';
import { describeFilingApiContract } from '../shared/kiosk-api.filing.contract.ts';
import { filingContractRig, startFilingRig } from './testing/filing-rig.ts';
import { kioskContractRig, rawRequest, startKioskRig } from './testing/rig.ts';

describe('device agent over WebSocket', () => {
  describeKioskApiContract('WebSocket to the device agent', async () => {
    const rig = await startKioskRig();
    return kioskContractRig(rig, rig.agent.api, { sendRaw: (message) => rawRequest(rig.agent, message) });
  });
});

describe('filing machine agent over WebSocket', () => {
  describeFilingApiContract('WebSocket to the device agent', async () => {
    const rig = await startFilingRig();
    return filingContractRig(rig, rig.agent.api);
  });
});
