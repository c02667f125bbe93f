import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { RotatingFile } from './rotating-file.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function logDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rotating-log-'));
  dirs.push(dir);
  return join(dir, 'logs');
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a rotating log file', () => {
  it('creates its directory and writes one JSON line per entry through the one logger', () => {
    const dir = logDir();
    const file = new RotatingFile(dir, 'kiosk-agent');
    const log = createLogger({ service: 'kiosk-agent', destination: file });
    log.info('printer ready', { device: 'printer' });
    log.warn('paper low');
    expect(lines(join(dir, 'kiosk-agent.log'))).toEqual([
      expect.objectContaining({ level: 'info', service: 'kiosk-agent', msg: 'printer ready', device: 'printer' }),
      expect.objectContaining({ level: 'warn', msg: 'paper low' }),
    ]);
    file.close();
  });

  it('starts a new file before a line would pass the size limit, and never splits a line', () => {
    const dir = logDir();
    const file = new RotatingFile(dir, 'kiosk-shell', { maxBytes: 1000, files: 3 });
    const line = `${JSON.stringify({ msg: 'x'.repeat(180) })}\n`; // ~193 bytes: five fit in 1000
    for (let i = 0; i < 6; i++) file.write(line);
    expect(statSync(file.path()).size).toBe(Buffer.byteLength(line));
    expect(statSync(file.path(1)).size).toBe(5 * Buffer.byteLength(line));
    for (const f of [file.path(), file.path(1)]) for (const entry of lines(f)) expect(entry.msg).toHaveLength(180);
    file.close();
  });

  it('keeps the configured number of files, the newest lines in the current one and the oldest dropped', () => {
    const dir = logDir();
    const file = new RotatingFile(dir, 'kiosk-agent', { maxBytes: 200, files: 3 });
    for (let i = 0; i < 10; i++) file.write(`${JSON.stringify({ n: i, pad: 'p'.repeat(150) })}\n`); // one line a file
    expect(readdirSync(dir).sort()).toEqual(['kiosk-agent.1.log', 'kiosk-agent.2.log', 'kiosk-agent.log']);
    expect(lines(file.path()).map((e) => e.n)).toEqual([9]);
    expect(lines(file.path(1)).map((e) => e.n)).toEqual([8]);
    expect(lines(file.path(2)).map((e) => e.n)).toEqual([7]);
    file.close();
  });

  it('goes on from the size a file already has after a restart', () => {
    const dir = logDir();
    const first = new RotatingFile(dir, 'kiosk-agent', { maxBytes: 300, files: 2 });
    first.write(`${'a'.repeat(199)}\n`);
    first.close();
    const again = new RotatingFile(dir, 'kiosk-agent', { maxBytes: 300, files: 2 });
    again.write(`${'b'.repeat(199)}\n`);
    expect(readFileSync(again.path(1), 'utf8')).toBe(`${'a'.repeat(199)}\n`);
    expect(readFileSync(again.path(), 'utf8')).toBe(`${'b'.repeat(199)}\n`);
    again.close();
  });

  it('writes no name, ID number, PIN or token into the file', () => {
    const dir = logDir();
    const file = new RotatingFile(dir, 'kiosk-agent');
    const log = createLogger({ service: 'kiosk-agent', destination: file });
    log.info('card read for 110101199003078814', {
      idNumber: '110101199003078814',
      name: '张示例',
      pin: '2468',
      token: 'secret-token',
      form: { phone: '13800000000' },
    });
    const text = readFileSync(file.path(), 'utf8');
    for (const secret of ['110101199003078814', '示例', '2468', 'secret-token', '13800000000']) expect(text).not.toContain(secret);
    expect(lines(file.path())[0]).toMatchObject({ idNumber: '110***********8814', name: '张**' });
    file.close();
  });

  it('drops a line it cannot write rather than throwing at whoever logged, and writes again once it can', () => {
    const dir = logDir();
    const file = new RotatingFile(dir, 'kiosk-agent', { maxBytes: 100, files: 2 });
    rmSync(dir, { recursive: true, force: true });
    file.write(`${'x'.repeat(80)}\n`);
    expect(() => file.write(`${'y'.repeat(80)}\n`)).not.toThrow(); // the rotation's reopen fails: the directory is gone
    expect(() => file.write('{"n":"lost"}\n')).not.toThrow();
    mkdirSync(dir);
    file.write('{"n":"back"}\n');
    expect(lines(file.path())).toEqual([{ n: 'back' }]);
    file.close();
  });

  it('refuses a policy that would keep nothing', () => {
    expect(() => new RotatingFile(logDir(), 'x', { maxBytes: 0, files: 2 })).toThrow(RangeError);
    expect(() => new RotatingFile(logDir(), 'x', { maxBytes: 100, files: 0 })).toThrow(RangeError);
  });
});
