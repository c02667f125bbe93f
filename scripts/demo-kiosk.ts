/**
 * The demo's terminals without hardware: simulators stand in for the ID
 * reader, printer and scanner of the ticket kiosk and of the filing machine,
 * and for the counter's window line; device agents drive them exactly as
 * they would drive real ones. The lines are loopback TCP sockets, as a
 * serial device server would carry them, so the demo needs nothing but Node;
 * `pty` puts them on socat's virtual serial ports instead.
 */
import { mkdirSync } from 'node:fs';
import type { SimLineKind } from '@hall/drivers';
import { loadAgentConfig } from '@hall/kiosk-app/agent/config.ts';
import { kioskPageUrl } from '@hall/kiosk-app/shared/bridge.ts';
import { createDeviceHost } from '@hall/kiosk-app/agent';
import { createLogger } from '@hall/kiosk-app/agent/log.ts';
import { startAgentServer } from '@hall/kiosk-app/agent/ws-server.ts';
import { startWindowSims, writeCounterProfile, type WindowSims } from '@hall/kiosk-app/agent/testing/counter-rig.ts';
import { startSimDevices, writeProfile, type SimDevices } from '@hall/kiosk-app/agent/testing/rig.ts';

/**
 * A device agent of the demo: its simulators, the address its page connects
 * to, the page's address on the hall (the agent's key in its fragment), and
 * how to stop both.
 */
type DemoAgent<S> = { sims: S; url: string; key: string; pageUrl: string; close(): Promise<void> };

export type DemoKiosk = DemoAgent<SimDevices> & { bookAppointment(integrationToken: string): Promise<string | undefined> };

type DemoTerminal = DemoAgent<SimDevices>;

/** `port` 0 picks a free one; `line` is how the simulators are wired (loopback TCP unless told). */
type AgentOptions = { hallUrl: string; token: string; dataDir: string; port: number; line: SimLineKind };

/**
 * Simulators from `startSims`, a terminal set-up written for them, and a
 * device agent on it serving its page on `port` to pages from the hall,
 * quiet but for warnings. The simulators stop with the agent.
 */
async function startDemoAgent<S extends { close(): Promise<void> }>(
  options: AgentOptions & { staffPin?: string },
  startSims: (line: SimLineKind) => Promise<S>,
  profileFor: (sims: S) => string,
): Promise<DemoAgent<S>> {
  mkdirSync(options.dataDir, { recursive: true });
  const sims = await startSims(options.line);
  let device: Awaited<ReturnType<typeof createDeviceHost>> | undefined;
  try {
    const config = loadAgentConfig({
      KIOSK_PROFILE: profileFor(sims),
      HALL_URL: options.hallUrl,
      KIOSK_TOKEN: options.token,
      KIOSK_AGENT_PORT: String(options.port),
      KIOSK_DATA: options.dataDir,
      // The demo hall is plain http by design; on a HALL_HOST off the loopback the agents say so at start.
      KIOSK_ALLOW_PLAIN_HTTP: '1',
      ...(options.staffPin ? { KIOSK_STAFF_PIN: options.staffPin } : {}),
    });
    const logger = createLogger({ level: 'warn' });
    device = await createDeviceHost(config, { logger });
    const server = await startAgentServer(device.host, { port: options.port, allowedOrigins: config.pageOrigins, logger });
    const host = device;
    return {
      sims,
      url: server.url,
      key: server.key,
      pageUrl: kioskPageUrl(config.hallUrl, server.url, server.key),
      async close() {
        await server.close();
        await host.close();
        await sims.close();
      },
    };
  } catch (err) {
    await device?.close();
    await sims.close();
    throw err;
  }
}

/** A device agent in `role` on its own simulated ID reader, printer and scanner. */
function startDemoTerminal(options: AgentOptions & { role: 'ticket' | 'filing'; name: string }): Promise<DemoTerminal> {
  const file = options.role === 'ticket' ? 'demo-kiosk.json' : `demo-${options.role}.json`;
  return startDemoAgent(
    { ...options, staffPin: '2468' },
    (line) => startSimDevices({ line }),
    (sims) => writeProfile(options.dataDir, sims, options.role, { name: options.name, file }),
  );
}

export async function startDemoKiosk(options: AgentOptions): Promise<DemoKiosk> {
  const terminal = await startDemoTerminal({ ...options, role: 'ticket', name: '演示取号机 (demo kiosk)' });
  const { sims } = terminal;
  return {
    ...terminal,
    /** Books an appointment that starts now through the integration API and scans its code. */
    async bookAppointment(integrationToken) {
      const services = (await (await fetch(`${options.hallUrl}/api/v1/services`, { headers: { authorization: `Bearer ${integrationToken}` } })).json()) as {
        services: { code: string; appointment: boolean }[];
      };
      const item = services.services.find((s) => s.appointment);
      if (!item) return undefined;
      const now = Date.now();
      const res = await fetch(`${options.hallUrl}/api/v1/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${integrationToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ serviceCode: item.code, slotStart: new Date(now - 60_000).toISOString(), slotEnd: new Date(now + 30 * 60_000).toISOString() }),
      });
      const appointment = (await res.json()) as { code?: string };
      if (appointment.code) await sims.scanner.scan(appointment.code);
      return appointment.code;
    },
  };
}

export type DemoFiling = DemoTerminal & { scanCompany(): Promise<string> };

/** A fictional company's unified social credit code (valid GB 32100 check character). */
export const DEMO_USCC = '91330100MA28ABCD35';

/**
 * The demo's filing machine (自助申报): the same simulated reader, printer and
 * scanner as the ticket kiosk, on their own lines, and an agent in the filing
 * role; the scanner can read a company's credit code from its licence.
 */
export async function startDemoFiling(options: AgentOptions): Promise<DemoFiling> {
  const terminal = await startDemoTerminal({ ...options, role: 'filing', name: '演示自助申报机 (demo filing machine)' });
  return {
    ...terminal,
    async scanCompany() {
      await terminal.sims.scanner.scan(DEMO_USCC);
      return DEMO_USCC;
    },
  };
}

export type DemoCounter = DemoAgent<WindowSims>;

/**
 * The demo's counter terminal for one window: its LED strip, caller keypad
 * and evaluator simulated on one RS-485 line, and a device agent
 * in the counter role serving the console page.
 */
export function startDemoCounter(options: AgentOptions): Promise<DemoCounter> {
  return startDemoAgent(
    options,
    (line) => startWindowSims(line),
    (sims) => writeCounterProfile(options.dataDir, sims),
  );
}
