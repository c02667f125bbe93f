/**
 * `npm start`: a whole simulated hall on one machine. The hall server runs on
 * ./var/demo with the demo catalogue and serves the built pages; device
 * agents drive simulated ID readers, printers and scanners (a ticket kiosk
 * and a filing machine) and a counter's window line, so the kiosk pages work
 * in any browser. The simulators are wired over loopback TCP, so this runs
 * wherever Node runs; `--pty` wires them over socat's virtual serial ports.
 * Demo tokens are created once and kept beside the data. Keys typed in this
 * terminal play the visitor's and the clerk's hands. `--city` adds the city
 * platform (its view and phone page), fed by this hall and two simulated ones.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { PrintedItem, SimLineKind } from '@hall/drivers';
import { repositoryPageMounts } from '@hall/server/pages';
import { createApplication } from '@hall/server/app';
import { createLogger } from '@hall/server/log';
import type { Role } from '@hall/server/protocol';
import { loadSeed } from '@hall/server/seed';
import { startDemoCounter, startDemoFiling, startDemoKiosk, type DemoCounter, type DemoFiling, type DemoKiosk } from './demo-kiosk.ts';
import { demoHands, handsHelp } from './demo-hands.ts';
import { DEMO_REPORT_INTERVAL_S, startDemoCity } from './demo-city.ts';
import { SIMULATED_HALLS, startSimulatedHall } from './demo-city-halls.ts';

const USAGE = `usage: npm start [-- --pty] [-- --city]

  --pty    wire the simulated devices over socat's virtual serial ports
           (needs socat) instead of loopback TCP
  --city   also run the city platform (its city view and phone page), fed by
           this hall and two simulated halls whose queues move by themselves

environment: HALL_PORT (8080), HALL_HOST (127.0.0.1), KIOSK_AGENT_PORT (7410:
the ticket kiosk's agent; the counter's and the filing machine's take the next
two), HALL_DATA (var/demo); with --city, CITY_PORT (8090: the city view) and
CITY_MQTT_PORT (1883: its broker); a port of 0 picks a free one.`;

let args;
try {
  args = parseArgs({ options: { pty: { type: 'boolean' }, city: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n\n${handsHelp().join('\n')}\n`);
  process.exit(0);
}
const line: SimLineKind = args.pty ? 'pty' : 'tcp';

const port = Number(process.env.HALL_PORT ?? 8080);
const host = process.env.HALL_HOST ?? '127.0.0.1';
const agentPort = Number(process.env.KIOSK_AGENT_PORT ?? 7410);
const nextAgentPort = (offset: number) => (agentPort === 0 ? 0 : agentPort + offset);
const dataDir = resolve(process.env.HALL_DATA ?? 'var/demo');
mkdirSync(dataDir, { recursive: true });

const logger = createLogger({ level: process.env.HALL_LOG_LEVEL ?? 'warn' });
const pages = repositoryPageMounts(resolve('.'));
const seed = loadSeed('demo');

// The city first: the halls are told where to report when they are created.
const city = args.city
  ? await startDemoCity({
      dataDir: join(dataDir, 'city'),
      host,
      port: Number(process.env.CITY_PORT ?? 8090),
      mqttPort: Number(process.env.CITY_MQTT_PORT ?? 1883),
      log: (cityLine) => process.stderr.write(`  city platform: ${cityLine}\n`),
    }).catch((error: Error) => {
      process.stderr.write(`npm start -- --city: ${error.message}\n`);
      process.exit(1);
    })
  : undefined;
const [operatorToken, ...logins] = city
  ? await Promise.all([city.operatorToken(), ...[seed, ...SIMULATED_HALLS].map((hall) => city.enrol(hall.hallId, hall.name['zh-CN']))])
  : [];

const app = await createApplication({ dataDir, seed, logger, pages, upstream: city && logins[0] && city.upstreamFor(logins[0]) });
const url = await app.listen(port, host);
const simulatedHalls = city
  ? await Promise.all(
      SIMULATED_HALLS.map((spec, i) =>
        startSimulatedHall(spec, { dataDir: join(dataDir, 'halls', spec.hallId), host, upstream: city.upstreamFor(logins[i + 1]!), pages, logger }),
      ),
    )
  : [];

type DemoTokens = Partial<Record<string, string>>;
const tokenFile = join(dataDir, 'demo-tokens.json');
const tokens: DemoTokens = existsSync(tokenFile) ? JSON.parse(readFileSync(tokenFile, 'utf8')) : {};
const ensure = (key: string, role: Role, name: string, windowNo?: number): string => {
  const known = tokens[key];
  if (known && app.tokens.verify(known)) return known;
  return (tokens[key] = app.tokens.create(role, name, windowNo));
};
const kiosk = ensure('kiosk', 'kiosk', 'demo kiosk');
const filing = ensure('filing', 'kiosk', 'demo filing machine');
const display = ensure('display', 'display', 'demo hall wall');
// The window screen asks its own window's visitors for a rating, so its token is bound to that window.
const screen1 = ensure('display-window-1', 'display', 'demo window screen 1', 1);
const manager = ensure('manager', 'manager', 'demo manager');
const integration = ensure('integration', 'integration', 'demo booking system');
const windowNos = [...app.hall.state.windows.keys()].sort((a, b) => a - b);
const counters = windowNos.map((no) => [no, ensure(`counter-${no}`, 'counter', `demo window ${no}`, no)] as const);
writeFileSync(tokenFile, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });

// One clerk per window, PIN 1234, so the counter can sign in.
const CLERKS = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周婷', '吴刚', '徐丽', '孙强'];
windowNos.forEach((no, i) => app.staff.upsert({ staffNo: String(1000 + no), name: CLERKS[i % CLERKS.length]! }, '1234'));

/** Starts one terminal; a terminal that cannot start is reported beside its address, and the rest of the hall runs on. */
async function attempt<T>(start: () => Promise<T>): Promise<{ terminal?: T; problem?: string }> {
  try {
    return { terminal: await start() };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}
const options = (token: string, dir: string, agentPortNo: number) => ({ hallUrl: url, token, dataDir: join(dataDir, dir), port: agentPortNo, line });
const demoKiosk = await attempt<DemoKiosk>(() => startDemoKiosk(options(kiosk, 'kiosk', nextAgentPort(0))));
const demoCounter = await attempt<DemoCounter>(() => startDemoCounter(options(counters[0]![1], 'counter-1', nextAgentPort(1))));
const demoFiling = await attempt<DemoFiling>(() => startDemoFiling(options(filing, 'filing', nextAgentPort(2))));

// The agent's key rides in the fragment: the browser keeps it, the hall server never sees it.
const pageFor = (terminal: { terminal?: { pageUrl: string }; problem?: string }) =>
  terminal.terminal ? terminal.terminal.pageUrl : `${url}/kiosk/   (device agent not started: ${terminal.problem})`;

const hall = app.hall.config;
const lines = [
  `${hall.name['zh-CN']} (${hall.name.en}) — demo hall, devices simulated over ${line === 'tcp' ? 'loopback TCP' : 'socat ptys'}`,
  `  hall server     ${url}   data ${dataDir}`,
  `  ticket kiosk    ${pageFor(demoKiosk)}`,
  `  filing machine  ${pageFor(demoFiling)}`,
  `  counter (win 1) ${pageFor(demoCounter)}` + (demoCounter.terminal ? '   clerk 1001 / PIN 1234' : ''),
  `  hall wall       ${url}/wall/#token=${display}`,
  `  window screen   ${url}/window/1#token=${screen1}`,
  `  manager wall    ${url}/manager/#token=${manager}`,
  `  API             ${url}/api/docs   (the document: ${url}/api/openapi.json; its operations under ${url}/api/v1)`,
  `  metrics         ${url}/metrics   (Prometheus; a dashboard in docs/grafana/hall-server.json)`,
  ...(city
    ? [
        '',
        `  city view       ${city.httpUrl}/#token=${operatorToken}   data ${city.dataDir}`,
        `  phone page      ${city.httpUrl}/shortest/`,
        `  city broker     ${city.mqttUrl}   every hall reports every ${DEMO_REPORT_INTERVAL_S} s; logins in ${city.loginsFile}`,
        ...SIMULATED_HALLS.map((spec, i) => `  simulated hall  ${simulatedHalls[i]!.wallUrl}   ${spec.name['zh-CN']}, its queue moving by itself`),
      ]
    : []),
  '',
  '  tokens (also in ' + tokenFile + '):',
  `    kiosk ${kiosk}   filing machine ${filing}   display ${display}   manager ${manager}   integration ${integration}`,
  ...counters.map(([no, token]) => `    counter ${String(no).padEnd(3)} ${token}   clerk ${1000 + no} / PIN 1234`),
  '',
  ...handsHelp(),
  '',
  `  call the next number:  curl -s -X POST ${url}/api/v1/windows/1/call-next -H 'authorization: Bearer ${counters[0]![1]}'`,
];
process.stdout.write(lines.join('\n') + '\n');

/** Says in this terminal what a simulated printer cut, by the ticket's number (its largest line). */
function announcePrints(printer: { on(event: 'printed', listener: (item: PrintedItem) => void): unknown }, who: string): void {
  let items: PrintedItem[] = [];
  printer.on('printed', (item) => {
    if (item.kind !== 'cut') return void items.push(item);
    const texts = items.flatMap((i) => (i.kind === 'line' && i.text.trim() ? [i] : []));
    const largest = texts.reduce<(typeof texts)[number] | undefined>((a, b) => (!a || b.width * b.height > a.width * a.height ? b : a), undefined);
    process.stdout.write(`  ${who} printed: ${largest?.text.trim() ?? '(no text)'}\n`);
    items = [];
  });
}
if (demoKiosk.terminal) announcePrints(demoKiosk.terminal.sims.printer, 'ticket kiosk');
if (demoFiling.terminal) announcePrints(demoFiling.terminal.sims.printer, 'filing machine');

const hands = demoHands({ kiosk: demoKiosk.terminal, filing: demoFiling.terminal, counter: demoCounter.terminal, integrationToken: integration });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // A stuck device must not keep the demo alive: whatever has not closed in 5 s is left to the exit.
  const closing = Promise.allSettled([
    demoKiosk.terminal?.close(),
    demoCounter.terminal?.close(),
    demoFiling.terminal?.close(),
    ...simulatedHalls.map((h) => h.close()),
  ]).then(() => app.close());
  await Promise.race([closing, new Promise((r) => setTimeout(r, 5000).unref())]);
  // After the halls, so they say goodbye to its broker; it is given 10 s for its database.
  await city?.close();
  process.exit(0);
};
city?.handOverSignals();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// npm runs this under a shell and forwards SIGTERM only to that shell, which
// dies without passing it on: a parent that is gone means npm was stopped.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(), 250).unref();
if (process.stdin.isTTY || process.env.HALL_DEMO_STDIN === '1') {
  createInterface({ input: process.stdin }).on('line', (typed) => {
    const key = typed.trim();
    if (key === 'q') void stop();
    else if (key)
      void hands(key).then(
        (said) => said && process.stdout.write(`  ${said}\n`),
        (err: unknown) => process.stdout.write(`  ${(err as Error).message}\n`),
      );
  });
}
