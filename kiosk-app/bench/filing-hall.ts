/**
 * F2's hall, in its own process: the real application (`createApplication`)
 * with the filing rig's catalogue (`filingHallConfig()`), on loopback over a
 * data directory the bench made. The bench takes it down and brings it back
 * on request — the application closed (its port refuses connections, as when
 * the hall's server stops) and a new one opened on the same data and port —
 * so the outage is a real one for the agent, and the agent and the bench's
 * own client never share an event loop with the hall they load.
 *
 *   started by filing-outbox.ts through startChild(): --data DIR
 */
import { parseArgs } from 'node:util';
import { createApplication, type Application } from '@hall/server/app';
import { createLogger } from '@hall/server/log';
import { serveParent } from '@hall/server/bench/child.ts';
import { filingHallConfig } from '../src/agent/testing/filing-rig.ts';

export type FilingHallInfo = { url: string; port: number; tokens: { kiosk: string; manager: string } };

const { values } = parseArgs({ options: { data: { type: 'string' } } });
if (!values.data) throw new Error('--data DIR is required');
const dataDir = values.data;

const open = () => createApplication({ dataDir, seed: filingHallConfig(), logger: createLogger({ level: 'silent' }), dayCheckMs: false });

let app: Application | undefined = await open();
const url = await app.listen(0, '127.0.0.1');
const port = Number(new URL(url).port);
// Tokens are stored with the hall's data, so they still work after a restart.
const tokens = { kiosk: app.tokens.create('kiosk', 'bench filing machine'), manager: app.tokens.create('manager', 'bench manager') };

serveParent(
  {
    down: async () => {
      await app?.close();
      app = undefined;
    },
    /** Answers once the new application listens: the bench starts its clock then. */
    up: async () => {
      if (app) throw new Error('the hall is already up');
      const next = await open();
      await next.listen(port, '127.0.0.1');
      app = next;
    },
  },
  async () => {
    await app?.close();
  },
).ready({ url, port, tokens } satisfies FilingHallInfo);
