/**
 * The city platform of `npm start -- --city`, run as an operations centre
 * runs it on one machine: the real `city-platform serve`, with its own broker
 * and embedded database (aedes + PGlite), in a child process; halls and the
 * operator enrolled through its admin socket with `city-platform hall add`
 * and `operator add`. The logins it hands out are kept in the city's data
 * directory (`demo-logins.json`, mode 0600), so a restart reuses them and the
 * city view keeps its halls.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AppOptions } from '@hall/server/app';

const CITY_BIN = fileURLToPath(new URL('../city-platform/bin/city-platform.js', import.meta.url));
const run = promisify(execFile);

/** How often the demo's halls report their queue load: often enough to watch the city view move. */
export const DEMO_REPORT_INTERVAL_S = 5;

export type CityLogin = { hallId: string; secret: string; username: string; password: string };

type KeptLogins = { operator?: string; halls: Record<string, CityLogin> };

export type DemoCity = {
  /** The city view and the phone page live under it. */
  httpUrl: string;
  /** The broker halls report to. */
  mqttUrl: string;
  dataDir: string;
  /** Where the logins are kept. */
  loginsFile: string;
  /** The hall's login, enrolled now unless a previous run did. */
  enrol(hallId: string, name: string): Promise<CityLogin>;
  /** A token of the operations centre for the city view, kept across runs. */
  operatorToken(): Promise<string>;
  /** What a hall server needs to report to this platform with `login`. */
  upstreamFor(login: CityLogin): NonNullable<AppOptions['upstream']>;
  /** The demo's own stop handles SIGINT and SIGTERM from now on (see `startDemoCity`). */
  handOverSignals(): void;
  /** SIGTERM, and SIGKILL if the platform has not stopped within 10 s. */
  close(): Promise<void>;
};

export type DemoCityOptions = {
  dataDir: string;
  host: string;
  /** HTTP port of the view; 0 picks a free one. */
  port: number;
  /** Port of the embedded broker; 0 picks a free one. */
  mqttPort: number;
  /** Where the platform's own log lines go (warnings and errors). */
  log: (line: string) => void;
};

/**
 * Starts `city-platform serve` on the embedded default and resolves once it
 * listens. The platform runs in its own process group, so a Ctrl-C in the
 * terminal reaches the demo alone, which stops it once, after the halls;
 * until the demo's stop is in place (`handOverSignals`), a SIGINT or SIGTERM
 * ends the demo at once and the platform with it.
 */
export async function startDemoCity(options: DemoCityOptions): Promise<DemoCity> {
  const { dataDir } = options;
  const untilHandedOver = () => process.exit(130);
  process.once('SIGINT', untilHandedOver);
  process.once('SIGTERM', untilHandedOver);
  const child = spawn(
    process.execPath,
    [CITY_BIN, 'serve', '--data', dataDir, '--host', options.host, '--port', String(options.port), '--mqtt-port', String(options.mqttPort)],
    {
      env: { ...process.env, CITY_LOG_LEVEL: process.env.CITY_LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let closing = false;
  // Whenever the demo exits, on an error too, the platform is told to stop; it does so by itself, cleanly.
  const stopOnExit = () => running(child) && child.kill('SIGTERM');
  process.once('exit', stopOnExit);

  let urls: { httpUrl: string; mqttUrl: string };
  try {
    urls = await listeningOn(child, exited, options.log);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }

  void exited.then(
    () => closing || options.log(`the city platform stopped (exit ${child.exitCode ?? child.signalCode}); the halls keep their reports until it is back`),
  );

  const loginsFile = join(dataDir, 'demo-logins.json');
  const kept: KeptLogins = existsSync(loginsFile) ? (JSON.parse(readFileSync(loginsFile, 'utf8')) as KeptLogins) : { halls: {} };
  const keep = () => writeFileSync(loginsFile, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
  const city = (...args: string[]) => command([...args, '--data', dataDir]);

  return {
    ...urls,
    dataDir,
    loginsFile,
    async enrol(hallId, name) {
      const known = kept.halls[hallId];
      if (known) return known;
      let added: CityLogin;
      try {
        const { hallId: id, secret, username, password } = JSON.parse(await city('hall', 'add', '--hall-id', hallId, '--name', name)) as CityLogin;
        added = { hallId: id, secret, username, password };
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\nthe city in ${dataDir} knows halls whose logins ${loginsFile} lost; remove ${dataDir} to start the city afresh`,
        );
      }
      kept.halls[hallId] = added;
      keep();
      return added;
    },
    async operatorToken() {
      if (kept.operator && (await answers(urls.httpUrl, kept.operator))) return kept.operator;
      kept.operator = (await city('operator', 'add', '--name', '演示运营中心 (demo operations centre)')).trim();
      keep();
      return kept.operator;
    },
    upstreamFor: (login) => ({
      url: urls.mqttUrl,
      secret: login.secret,
      hallId: login.hallId,
      intervalS: DEMO_REPORT_INTERVAL_S,
      login: { username: login.username, password: login.password },
    }),
    handOverSignals() {
      process.off('SIGINT', untilHandedOver);
      process.off('SIGTERM', untilHandedOver);
    },
    async close() {
      process.off('exit', stopOnExit);
      closing = true;
      if (!running(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * The addresses from the line `serve` prints once it listens; its other lines
 * go to `log`. Rejects with what it printed if it exits first.
 */
function listeningOn(child: ChildProcess, exited: Promise<void>, log: (line: string) => void): Promise<{ httpUrl: string; mqttUrl: string }> {
  let output = '';
  return new Promise((resolve, reject) => {
    let ready = false;
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          const match = !ready && line.match(/^city platform: view (\S+)\/ .* halls report to (\S+)$/);
          if (match) {
            ready = true;
            resolve({ httpUrl: match[1]!, mqttUrl: match[2]! });
          } else if (ready) log(line);
          else output += `${line}\n`;
        }
      });
    }
    void exited.then(() =>
      reject(
        new Error(
          `the city platform stopped before it listened (exit ${child.exitCode ?? child.signalCode}):\n${output.trim()}\n` +
            'CITY_PORT and CITY_MQTT_PORT choose other ports (0 picks free ones)',
        ),
      ),
    );
  });
}

/** A one-shot `city-platform` command; its stdout, or an error carrying its stderr. */
async function command(args: string[]): Promise<string> {
  try {
    return (await run(process.execPath, [CITY_BIN, ...args], { encoding: 'utf8' })).stdout;
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    throw new Error(`city-platform ${args[0]} ${args[1]} failed (exit ${failed.code}): ${failed.stderr?.trim()}`);
  }
}

/** Does the platform take this operator token? */
async function answers(httpUrl: string, token: string): Promise<boolean> {
  const res = await fetch(`${httpUrl}/api/v1/halls`, { headers: { authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  return res.ok;
}
