/**
 * Who may open the agent's WebSocket: only the page the agent printed, that
 * is a page from the hall's origin presenting the agent's per-boot key. A
 * real hall, the agent's devices on simulators, and a second agent server
 * over the same device host (with its refusals logged where the test reads
 * them); strangers are real ws clients.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProtocols, AGENT_PROTOCOL, kioskPageUrl } from '../shared/bridge.ts';
import { createKioskClient } from '../shared/rpc.ts';
import { createLogger } from './log.ts';
import { liftCard, STAFF_PIN, startKioskRig, type KioskRig } from './testing/rig.ts';
import { nextEvent } from '../shared/next-event.ts';
import { connectWsCarrier } from './ws-carrier.ts';
import { newAgentKey, startAgentServer, type AgentServer } from './ws-server.ts';

/** The HTTP status the upgrade answers (101 when the socket opened), and the subprotocol chosen. */
function upgrade(url: string, options: { origin?: string; protocols?: string[] }): Promise<{ status: number; protocol?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], options.origin ? { origin: options.origin } : {});
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.once('open', () => {
      resolve({ status: 101, protocol: socket.protocol });
      socket.close();
    });
    socket.once('error', (err) => reject(err));
  });
}

describe('the agent WebSocket answers only the page the agent printed', () => {
  let rig: KioskRig;
  let server: AgentServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    rig = await startKioskRig();
    server = await startAgentServer(rig.agent.device.host, {
      port: 0,
      allowedOrigins: [rig.hall.url],
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await rig?.close();
  });

  it('a connection without an Origin (any local process) is refused at the upgrade, key or not', async () => {
    expect(await upgrade(server.url, { protocols: agentProtocols(server.key) })).toEqual({ status: 403 });
    expect(await upgrade(server.url, {})).toEqual({ status: 403 });
  });

  it('a page from a foreign origin, or from another server on this machine, is refused even with the key', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:5173', 'http://127.0.0.1:9999']) {
      expect(await upgrade(server.url, { origin, protocols: agentProtocols(server.key) }), origin).toEqual({ status: 403 });
    }
  });

  it('a page from the hall’s origin without the key is refused', async () => {
    expect(await upgrade(server.url, { origin: rig.hall.url })).toEqual({ status: 401 });
    expect(await upgrade(server.url, { origin: rig.hall.url, protocols: [AGENT_PROTOCOL] })).toEqual({ status: 401 });
  });

  it('a wrong key is refused, and so is another boot’s key', async () => {
    expect(await upgrade(server.url, { origin: rig.hall.url, protocols: agentProtocols(newAgentKey()) })).toEqual({ status: 401 });
    expect(await upgrade(server.url, { origin: rig.hall.url, protocols: agentProtocols(rig.agent.server.key) })).toEqual({ status: 401 });
    expect(await upgrade(server.url, { origin: rig.hall.url, protocols: agentProtocols(`${server.key}x`) })).toEqual({ status: 401 });
  });

  it('refusals are logged with who tried, never with the key', async () => {
    await upgrade(server.url, { origin: 'https://evil.example', protocols: agentProtocols(server.key) });
    const log = logLines.join('\n');
    expect(log).toContain('https://evil.example');
    expect(log).toContain('without the agent’s key');
    expect(log).not.toContain(server.key);
  });

  it('the hall’s page with the key connects, the agent choosing the plain protocol, and receives the visitor’s card', async () => {
    expect(await upgrade(server.url, { origin: rig.hall.url, protocols: agentProtocols(server.key) })).toEqual({ status: 101, protocol: AGENT_PROTOCOL });

    const carrier = await connectWsCarrier(server.url, { origin: rig.hall.url, key: server.key });
    try {
      const api = createKioskClient(carrier, { timeoutMs: 5000 });
      const card = nextEvent(api, 'card');
      rig.sims.reader.insert('resident');
      // Masked, as every renderer gets it; the point is that only the keyed page gets it at all.
      expect(await card).toMatchObject({ cardType: 'resident', idMasked: expect.stringContaining('*') });
    } finally {
      await carrier.close();
      await liftCard(rig.sims.reader);
    }
  });

  it('even the keyed page cannot guess the staff PIN at leisure: five wrong lock sign-in, answered with STAFF_LOCKED and the wait', async () => {
    const api = rig.agent.api;
    for (let i = 0; i < 5; i++) expect(await api.staffLogin('0000')).toBe(false);
    await expect(api.staffLogin(STAFF_PIN)).rejects.toMatchObject({ code: 'STAFF_LOCKED', details: { retryAfterS: 60 } });
  });

  it('each boot has its own key, and the page address carries it only in the fragment', () => {
    expect(server.key).not.toBe(rig.agent.server.key);
    expect(server.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const page = new URL(kioskPageUrl(rig.hall.url, server.url, server.key));
    expect(page.origin).toBe(rig.hall.url);
    expect(page.pathname).toBe('/kiosk/');
    expect(page.searchParams.get('agent')).toBe(server.url);
    expect(page.search).not.toContain(server.key);
    expect(page.hash).toBe(`#agent-key=${server.key}`);
  });
});
