/**
 * `npm start`: a whole simulated hall on one machine. The hall server runs on
 * ./var/demo with the demo catalogue; demo tokens are created once and kept
 * beside the data, and the addresses of every client that exists are printed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repositoryPageMounts } from '../hall-server/src/api/pages.ts';
import { createApplication } from '../hall-server/src/app.ts';
import { createLogger } from '../hall-server/src/log.ts';
import type { Role } from '../hall-server/src/protocol.ts';
import { loadSeed } from '../hall-server/src/seed/index.ts';

const port = Number(process.env.HALL_PORT ?? 8080);
const host = process.env.HALL_HOST ?? '127.0.0.1';
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
const display = ensure('display', 'display', 'demo hall wall');
const manager = ensure('manager', 'manager', 'demo manager');
const integration = ensure('integration', 'integration', 'demo booking system');
const counters = [...app.hall.state.windows.keys()].sort((a, b) => a - b).map((no) => [no, ensure(`counter-${no}`, 'counter', `demo window ${no}`, no)] as const);
writeFileSync(tokenFile, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });

const hall = app.hall.config;
const lines = [
  `${hall.name['zh-CN']} (${hall.name.en}) — demo hall`,
  `  hall server   ${url}   data ${dataDir}`,
  `  API           ${url}/api/v1   (OpenAPI: ${url}/api/openapi.json)`,
  `  socket.io     ${url}/socket.io   namespaces /display /counter /kiosk /manager`,
  '',
  '  demo tokens (also in ' + tokenFile + '):',
  `    kiosk        ${kiosk}`,
  `    display      ${display}`,
  `    manager      ${manager}`,
  `    integration  ${integration}`,
  ...counters.map(([no, token]) => `    counter ${String(no).padEnd(4)} ${token}`),
  '',
  '  try:',
  `    curl -s -X POST ${url}/api/v1/tickets -H 'authorization: Bearer ${kiosk}' -H 'content-type: application/json' -d '{"serviceCode":"${hall.services[0]!.code}"}'`,
  `    curl -s -X POST ${url}/api/v1/windows/${counters[0]![0]}/call-next -H 'authorization: Bearer ${counters[0]![1]}'`,
  '',
  '  Ctrl-C stops the hall; its data stays in ' + dataDir,
];
process.stdout.write(lines.join('\n') + '\n');

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
