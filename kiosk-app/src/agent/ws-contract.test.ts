/**
 * The KioskApi contract over the WebSocket carrier: a real hall on loopback,
 * the agent with its devices on socat ptys and the drivers' simulators on the
 * other ends, and a client talking to the agent exactly as a browser does.
 */
import { describe } from 'vitest';
import { describeKioskApiContract } from '../shared/kiosk-api.contract.ts';
import { describeFilingApiContract } from '../shared/kiosk-api.filing.contract.ts';
import { filingContractRig, startFilingRig } from './testing/filing-rig.ts';
import { liftCard, rawRequest, startKioskRig } from './testing/rig.ts';

describe('device agent over WebSocket', () => {
  describeKioskApiContract('WebSocket to the device agent', async () => {
    const rig = await startKioskRig();
    const manager = rig.hall.api(rig.hall.token('manager'));
    const integration = rig.hall.api(rig.hall.token('integration'));
    return {
      api: rig.agent.api,
      staffPin: '2468',
      insertCard: async (kind) => rig.sims.reader.insert(kind),
      removeCard: () => liftCard(rig.sims.reader),
      scan: (text) => rig.sims.scanner.scan(text),
      setPrinter: async (state) => rig.sims.printer.setState(state),
      printedText: () => rig.sims.printer.lines.map((l) => l.trim()),
      printerJobBytes: () => rig.sims.printer.jobBytes,
      hallTickets: async (number) => {
        const found = (await manager.get(`/api/v1/tickets?number=${number}`)).body.tickets as { id: string }[];
        return Promise.all(found.map(async (t) => (await manager.get(`/api/v1/tickets/${t.id}`)).body));
      },
      hallIssuedCount: async () => ((await manager.get('/api/v1/queue')).body.services as { issuedToday: number }[]).reduce((n, s) => n + s.issuedToday, 0),
      enrolStaff: async (staffNo, name, pin) => rig.hall.app.staff.upsert({ staffNo, name }, pin),
      createAppointment: async (serviceCode) => {
        const now = Date.now();
        const res = await integration.post('/api/v1/appointments', {
          serviceCode,
          slotStart: new Date(now + 5 * 60_000).toISOString(),
          slotEnd: new Date(now + 35 * 60_000).toISOString(),
        });
        if (res.status !== 201) throw new Error(`appointment not created: ${JSON.stringify(res.body)}`);
        return res.body.code as string;
      },
      sendRaw: (message) => rawRequest(rig.agent, message),
      close: () => rig.close(),
    };
  });
});

describe('filing machine agent over WebSocket', () => {
  describeFilingApiContract('WebSocket to the device agent', async () => {
    const rig = await startFilingRig();
    return filingContractRig(rig, rig.agent.api);
  });
});
