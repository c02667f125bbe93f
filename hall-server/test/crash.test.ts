/**
 * The hall server is killed with SIGKILL, again and again, while kiosks issue
 * tickets. Whatever it acknowledged must be there after each restart, and no
 * number may ever be handed out twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HallRefusal } from '../src/contract/client.ts';
import { HALL_SERVER_BIN, hallServerCli } from './hall-server-cli.ts';
import { tempDir, testClient } from './harness.ts';

const SERVICES = ['330106-HJ-001', '330106-HJ-004', '330106-SB-001', '330106-SCJG-001'];
const ROUNDS = 6;

function cli(args: string[]): string {
  const out = hallServerCli(...args);
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout.trim();
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HALL_SERVER_BIN, 'serve', '--port', '0', '--data', dataDir, '--seed', 'demo'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HALL_LOG_LEVEL: 'warn' },
    });
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(err);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
    setTimeout(() => reject(new Error(`server did not start: ${err}`)), 15_000).unref();
  });
}

type Acked = { id: string; number: string };

describe('crash safety', () => {
  const dataDir = tempDir('hall-crash-');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged ticket and never repeats a number across repeated SIGKILLs', { timeout: 120_000 }, async () => {
    const token = cli(['token', 'create', '--data', dataDir, '--role', 'kiosk', '--name', 'crash-kiosk']);
    const acked: Acked[] = [];
    let failedInFlight = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const { child, url } = await startServer(dataDir);
      const kiosk = testClient(url, token);
      // Everything acknowledged before this restart must still be there.
      for (const t of acked.slice(-50)) {
        await expect(kiosk.call('getTicket', { params: { ticketId: t.id } }), `ticket ${t.number} after restart ${round}`).resolves.toMatchObject({
          number: t.number,
        });
      }
      let stop = false;
      const workers = [0, 1, 2, 3].map(async (w) => {
        for (let i = 0; !stop; i++) {
          try {
            const ticket = await kiosk.call('issueTicket', { body: { serviceCode: SERVICES[(w + i) % SERVICES.length]! } });
            acked.push({ id: ticket.id, number: ticket.number });
          } catch (err) {
            if (err instanceof HallRefusal) continue;
            failedInFlight++;
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 350));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await exited;
    }

    expect(acked.length).toBeGreaterThan(ROUNDS * 10);
    const db = new Database(join(dataDir, 'hall.db'), { readonly: true });
    try {
      const numbers = db.prepare('SELECT id, number FROM tickets').all() as { id: string; number: string }[];
      const byId = new Map(numbers.map((r) => [r.id, r.number]));
      for (const t of acked) expect(byId.get(t.id), `acknowledged ${t.number}`).toBe(t.number);
      const distinct = new Set(numbers.map((r) => r.number));
      expect(distinct.size).toBe(numbers.length);
    } finally {
      db.close();
    }
    void failedInFlight;
  });
});
