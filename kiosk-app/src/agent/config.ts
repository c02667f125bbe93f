/**
 * The device agent's settings, from the environment. Everything is checked up
 * front and every problem is reported at once, so a technician setting up a
 * kiosk fixes the whole list in one go instead of one restart per mistake.
 */
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { isLoopbackHost } from '@hall/common';
import { ProfileError, resolveTerminal, type ModelCatalog, type ResolvedTerminal } from '@hall/hardware-profiles';
import { DEFAULT_AGENT_PORT } from '../shared/bridge.ts';
import type { KioskRole } from '../shared/kiosk-api.ts';

export type AgentConfig = {
  /** The terminal set-up file, as given in KIOSK_PROFILE. */
  profilePath: string;
  terminal: ResolvedTerminal;
  /** The set-up's file name without `.json`: stable, filesystem-safe, names the data directory. */
  terminalId: string;
  /** What the screen and the logs call this terminal. */
  terminalName: string;
  role: KioskRole;
  /** Hall base URL without a trailing slash. */
  hallUrl: string;
  /** The operator let a plain http:// hall off the loopback (KIOSK_ALLOW_PLAIN_HTTP=1): main warns at start. */
  plainHttpAllowed?: true;
  /** Origins whose pages may open the agent's WebSocket: the hall's, then KIOSK_PAGE_ORIGINS. */
  pageOrigins: string[];
  token: string;
  /** Port of the local WebSocket server (0: any free port, for tests). */
  port: number;
  /** Absent: staff functions refuse. */
  staffPin?: string;
  /** Where the offline outbox lives. */
  dataDir: string;
  /** Base of the URL printed as a QR on tickets; the ticket number is appended. */
  trackBaseUrl: string;
  /** Counter role: the window the token is bound to, if the set-up says (the hall's binding wins). */
  windowNo?: number;
};

export class AgentConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`the device agent cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AgentConfigError';
    this.problems = problems;
  }
}

/** Where plain http stays on this machine, so nothing on the wire can read the token or the visitors' data. */
export function isLoopbackUrl(url: URL): boolean {
  return isLoopbackHost(url.hostname);
}

const KIOSK_ROLES: readonly string[] = ['ticket', 'filing', 'counter'];

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export type LoadAgentConfigOptions = {
  /** Where relative paths (profile, data directory, serial device paths) are taken from; default process.cwd(). */
  cwd?: string;
  /** Device models; default everything under hardware-profiles/devices. */
  models?: ModelCatalog;
};

export function loadAgentConfig(env: Record<string, string | undefined> = process.env, options: LoadAgentConfigOptions = {}): AgentConfig {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };

  let terminal: ResolvedTerminal | undefined;
  const profile = value('KIOSK_PROFILE');
  const profilePath = profile === undefined ? '' : isAbsolute(profile) ? profile : resolve(cwd, profile);
  if (profile === undefined)
    problems.push('KIOSK_PROFILE is not set: give the path of a terminal set-up such as hardware-profiles/terminals/ticket-kiosk.json');
  else {
    try {
      terminal = options.models ? resolveTerminal(profilePath, options.models) : resolveTerminal(profilePath);
    } catch (err) {
      if (err instanceof ProfileError)
        problems.push(
          `KIOSK_PROFILE ${profile}:\n${err.message
            .split('\n')
            .map((l) => `      ${l}`)
            .join('\n')}`,
        );
      else problems.push(`KIOSK_PROFILE ${profile}: ${(err as Error).message}`);
    }
    if (terminal && !KIOSK_ROLES.includes(terminal.role)) {
      problems.push(`KIOSK_PROFILE ${profile}: role "${terminal.role}" is not a kiosk role (ticket, filing or counter)`);
    }
  }

  const hallRaw = value('HALL_URL');
  const hall = hallRaw === undefined ? undefined : httpUrl(hallRaw);
  if (hallRaw === undefined) problems.push('HALL_URL is not set: give the hall server address, such as http://192.168.1.10:8080');
  else if (!hall) problems.push(`HALL_URL "${hallRaw}" is not an http:// or https:// URL`);
  const hallUrl = hall ? hall.href.replace(/\/+$/, '') : '';
  const allowPlainRaw = value('KIOSK_ALLOW_PLAIN_HTTP');
  if (allowPlainRaw !== undefined && allowPlainRaw !== '1' && allowPlainRaw !== '0') problems.push(`KIOSK_ALLOW_PLAIN_HTTP "${allowPlainRaw}" must be 1 or 0`);
  const allowPlain = allowPlainRaw === '1';
  // The kiosk token and every visitor's ID number travel on this link.
  const plainRemote = hall !== undefined && hall.protocol === 'http:' && !isLoopbackUrl(hall);
  if (plainRemote && !allowPlain) {
    problems.push(
      `HALL_URL "${hallRaw}" is plain http:// to another machine: use https:// (with NODE_EXTRA_CA_CERTS for a private CA), or set KIOSK_ALLOW_PLAIN_HTTP=1 to accept it on a closed network`,
    );
  }

  const pageOrigins = hall ? [hall.origin] : [];
  for (const raw of (value('KIOSK_PAGE_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')) {
    const page = httpUrl(raw);
    if (!page || page.origin !== raw.replace(/\/+$/, '')) problems.push(`KIOSK_PAGE_ORIGINS "${raw}" is not an origin such as http://localhost:5174`);
    else if (!pageOrigins.includes(page.origin)) pageOrigins.push(page.origin);
  }

  const token = value('KIOSK_TOKEN');
  if (token === undefined) problems.push('KIOSK_TOKEN is not set: create one with `npx hall-server token create --role kiosk --name NAME --data DIR`');
  else if (/\s/.test(token)) problems.push('KIOSK_TOKEN contains white space');

  const portRaw = value('KIOSK_AGENT_PORT');
  const port = portRaw === undefined ? DEFAULT_AGENT_PORT : Number(portRaw);
  if (!/^\d+$/.test(portRaw ?? '0') || !Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`KIOSK_AGENT_PORT "${portRaw}" is not a port number (0–65535)`);
  }

  const staffPin = value('KIOSK_STAFF_PIN');
  if (staffPin !== undefined && !/^\d{4,12}$/.test(staffPin)) problems.push('KIOSK_STAFF_PIN must be 4 to 12 digits');

  const trackRaw = value('KIOSK_TRACK_URL');
  let trackBaseUrl = hallUrl ? `${hallUrl}/track/` : '';
  if (trackRaw !== undefined) {
    if (!httpUrl(trackRaw)) problems.push(`KIOSK_TRACK_URL "${trackRaw}" is not an http:// or https:// URL`);
    else trackBaseUrl = trackRaw;
  }

  const windowRaw = value('KIOSK_WINDOW_NO');
  if (windowRaw !== undefined && !/^\d{1,3}$/.test(windowRaw)) problems.push(`KIOSK_WINDOW_NO "${windowRaw}" is not a window number (1–999)`);

  if (problems.length > 0 || !terminal || token === undefined) throw new AgentConfigError(problems);

  const terminalId = basename(profilePath, extname(profilePath));
  const dataRaw = value('KIOSK_DATA');
  const dataDir = resolve(cwd, dataRaw ?? `var/kiosk/${terminalId}`);
  // Relative device paths are taken from the agent's working directory (docs/hardware-profiles.md).
  for (const device of Object.values(terminal.devices)) {
    const t = device.transport;
    if ((t.type === 'serial' || t.type === 'usb-printer') && !isAbsolute(t.path)) device.transport = { ...t, path: resolve(cwd, t.path) };
  }

  const config: AgentConfig = {
    profilePath,
    terminal,
    terminalId,
    terminalName: terminal.name ?? terminalId,
    role: terminal.role as KioskRole,
    hallUrl,
    pageOrigins,
    token,
    port,
    dataDir,
    trackBaseUrl,
  };
  if (staffPin !== undefined) config.staffPin = staffPin;
  if (plainRemote) config.plainHttpAllowed = true;
  if (windowRaw !== undefined && Number(windowRaw) > 0) config.windowNo = Number(windowRaw);
  return config;
}
