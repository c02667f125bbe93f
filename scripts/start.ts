/**
 * `npm start`: a whole simulated hall on one machine. The hall server runs on
 * ./var/demo with the demo catalogue and serves the built pages; device
 * agents drive simulated ID readers, printers and scanners on socat ptys (a
 * ticket kiosk and a filing machine) and a counter's window line, so the
 * kiosk pages work in any browser. Demo tokens are created once and kept
 * beside the data. Keys typed in this terminal play the visitor's hands.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { repositoryPageMounts } from '../hall-server/src/api/pages.ts';
import { createApplication } from '../hall-server/src/app.ts';
import { createLogger } from '../hall-server/src/log.ts';
import type { Role } from '../hall-server/src/protocol.ts';
import { loadSeed } from '../hall-server/src/seed/index.ts';
import { startDemoCounter, startDemoFiling, startDemoKiosk, type DemoCounter, type DemoFiling, type DemoKiosk } from './demo-kiosk.ts';

const port = Number(process.env.HALL_PORT ?? 8080);
const host = process.env.HALL_HOST ?? '127.0.0.1';
const agentPort = Number(process.env.KIOSK_AGENT_PORT ?? 7410);
const dataDir = resolve(process.env.HALL_DATA ?? 'var/demo');
mkdirSync(dataDir, { recursive: true });

const logger = createLogger({ level: process.env.HALL_LOG_LEVEL ?? 'warn' });
const app = await createApplication({ dataDir, seed: loadSeed('demo'), logger, pages: repositoryPageMounts(resolve('.')) });
const url = await app.listen(port, host);

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
const manager = ensure('manager', 'manager', 'demo manager');
const integration = ensure('integration', 'integration', 'demo booking system');
const windowNos = [...app.hall.state.windows.keys()].sort((a, b) => a - b);
const counters = windowNos.map((no) => [no, ensure(`counter-${no}`, 'counter', `demo window ${no}`, no)] as const);
writeFileSync(tokenFile, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });

// One clerk per window, PIN 1234, so the counter can sign in.
const CLERKS = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周婷', '吴刚', '徐丽', '孙强'];
windowNos.forEach((no, i) => app.staff.upsert({ staffNo: String(1000 + no), name: CLERKS[i % CLERKS.length]! }, '1234'));

let demoKiosk: DemoKiosk | undefined;
let kioskProblem: string | undefined;
try {
  demoKiosk = await startDemoKiosk({ hallUrl: url, token: kiosk, dataDir: join(dataDir, 'kiosk'), port: agentPort });
} catch (err) {
  kioskProblem = (err as Error).message;
}
const counterPort = agentPort + 1;
let demoCounter: DemoCounter | undefined;
let counterProblem: string | undefined;
try {
  demoCounter = await startDemoCounter({ hallUrl: url, token: counters[0]![1], dataDir: join(dataDir, 'counter-1'), port: counterPort });
} catch (err) {
  counterProblem = (err as Error).message;
}

const filingPort = agentPort + 2;
let demoFiling: DemoFiling | undefined;
let filingProblem: string | undefined;
try {
  demoFiling = await startDemoFiling({ hallUrl: url, token: filing, dataDir: join(dataDir, 'filing'), port: filingPort });
} catch (err) {
  filingProblem = (err as Error).message;
}

const hall = app.hall.config;
const lines = [
  `${hall.name['zh-CN']} (${hall.name.en}) — demo hall`,
  `  hall server     ${url}   data ${dataDir}`,
  `  ticket kiosk    ${url}/kiosk/?agent=ws://127.0.0.1:${agentPort}` + (kioskProblem ? `   (device agent not started: ${kioskProblem})` : ''),
  `  filing machine  ${url}/kiosk/?agent=ws://127.0.0.1:${filingPort}` + (filingProblem ? `   (device agent not started: ${filingProblem})` : ''),
  `  counter (win 1) ${url}/kiosk/?agent=ws://127.0.0.1:${counterPort}   clerk 1001 / PIN 1234` + (counterProblem ? `   (device agent not started: ${counterProblem})` : ''),
  `  hall wall       ${url}/wall/?token=${display}`,
  `  window screen   ${url}/window/1?token=${display}`,
  `  manager wall    ${url}/manager/?token=${manager}`,
  `  API             ${url}/api/v1   (OpenAPI: ${url}/api/openapi.json)`,
  '',
  '  tokens (also in ' + tokenFile + '):',
  `    kiosk ${kiosk}   filing machine ${filing}   display ${display}   manager ${manager}   integration ${integration}`,
  ...counters.map(([no, token]) => `    counter ${String(no).padEnd(3)} ${token}   clerk ${1000 + no} / PIN 1234`),
  '',
  '  the visitor’s hands (type a key + Enter):',
  '    1 resident ID card on the reader   2 foreign   3 foreign 2023   4 HK/Macao/Taiwan   0 take the card off',
  '    s scan an appointment code   p paper out   l paper low   o paper ok   q quit',
  '    at the filing machine: m1–m4 an ID card on its reader (as 1–4)   m0 take it off',
  '      u scan a company’s credit code (USCC)   mp paper out   mo paper ok',
  '',
  `  call the next number:  curl -s -X POST ${url}/api/v1/windows/1/call-next -H 'authorization: Bearer ${counters[0]![1]}'`,
];
process.stdout.write(lines.join('\n') + '\n');

const CARDS = { '1': 'resident', '2': 'foreign', '3': 'foreign2023', '4': 'hmt' } as const;
async function hands(key: string): Promise<void> {
  if (/^m[0-4]$/.test(key) || key === 'u' || key === 'mp' || key === 'mo') return filingHands(key);
  if (!demoKiosk) return;
  if (key in CARDS) demoKiosk.sims.reader.insert(CARDS[key as keyof typeof CARDS]);
  else if (key === '0') demoKiosk.sims.reader.remove();
  else if (key === 'p') demoKiosk.sims.printer.setState('paper-out');
  else if (key === 'l') demoKiosk.sims.printer.setState('near-end');
  else if (key === 'o') demoKiosk.sims.printer.setState('ok');
  else if (key === 'n') demoCounter?.sims.keypad.press('call-next');
  else if (key === 'f') demoCounter?.sims.keypad.press('finish');
  else if (key === 'r') demoCounter?.sims.keypad.press('recall');
  else if (/^e[1-5]$/.test(key) && demoCounter) demoCounter.sims.evaluator.rate(Number(key[1]), Number(key[1]) <= 2 ? 1 : undefined);
  else if (key === 's') {
    const code = await demoKiosk.bookAppointment(integration);
    process.stdout.write(code ? `  scanned appointment ${code}\n` : '  no service takes appointments right now\n');
  }
}

async function filingHands(key: string): Promise<void> {
  if (!demoFiling) return;
  const card = key.slice(1);
  if (key.startsWith('m') && card in CARDS) demoFiling.sims.reader.insert(CARDS[card as keyof typeof CARDS]);
  else if (key === 'm0') demoFiling.sims.reader.remove();
  else if (key === 'mp') demoFiling.sims.printer.setState('paper-out');
  else if (key === 'mo') demoFiling.sims.printer.setState('ok');
  else if (key === 'u') process.stdout.write(`  scanned company credit code ${await demoFiling.scanCompany()}\n`);
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await demoKiosk?.close().catch(() => undefined);
  await demoCounter?.close().catch(() => undefined);
  await demoFiling?.close().catch(() => undefined);
  await app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (process.stdin.isTTY || process.env.HALL_DEMO_STDIN === '1') {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const key = line.trim();
    if (key === 'q') void stop();
    else void hands(key).catch((err: unknown) => process.stdout.write(`  ${(err as Error).message}\n`));
  });
}
