import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shellLogs } from './log.ts';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-logs-'));
  dirs.push(dir);
  return dir;
}
const entries = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the kiosk shell’s logs', () => {
  it('with KIOSK_LOG_DIR, writes the shell’s and the devices’ lines into one kiosk-shell.log, told apart by service', () => {
    const dir = join(tempDir(), 'logs');
    const logs = shellLogs({ KIOSK_LOG_DIR: dir });
    logs.shell.info('staff left kiosk mode');
    logs.devices.warn('printer paper low', { device: 'printer' });
    expect(readdirSync(dir)).toEqual(['kiosk-shell.log']);
    expect(entries(join(dir, 'kiosk-shell.log'))).toEqual([
      expect.objectContaining({ service: 'kiosk-shell', level: 'info', msg: 'staff left kiosk mode' }),
      expect.objectContaining({ service: 'kiosk-agent', source: 'kiosk-devices', level: 'warn', msg: 'printer paper low', device: 'printer' }),
    ]);
  });

  it('keeps ID numbers, names and PINs out of the file, whichever logger wrote', () => {
    const dir = tempDir();
    const logs = shellLogs({ KIOSK_LOG_DIR: dir });
    logs.devices.info('card read', { idNumber: '110101199003078814', name: '张示例', pin: '2468' });
    logs.shell.error('renderer sent 110101199003078814');
    const text = readFileSync(join(dir, 'kiosk-shell.log'), 'utf8');
    for (const secret of ['110101199003078814', '示例', '2468']) expect(text).not.toContain(secret);
  });

  it('rotates at KIOSK_LOG_FILE_MB and keeps KIOSK_LOG_FILES files', () => {
    const dir = tempDir();
    const logs = shellLogs({ KIOSK_LOG_DIR: dir, KIOSK_LOG_FILE_MB: '1', KIOSK_LOG_FILES: '2' });
    const filler = 'x'.repeat(10_000);
    for (let i = 0; i < 250; i++) logs.devices.info('status', { filler }); // ~2.5 MB
    expect(readdirSync(dir).sort()).toEqual(['kiosk-shell.1.log', 'kiosk-shell.log']);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(1024 * 1024);
  });

  it('starts with the defaults and says so when a size or count is not a whole number', () => {
    const dir = tempDir();
    const logs = shellLogs({ KIOSK_LOG_DIR: dir, KIOSK_LOG_FILES: 'many' });
    logs.shell.info('up');
    expect(entries(join(dir, 'kiosk-shell.log'))).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'KIOSK_LOG_FILES=many is not a positive whole number; using 5' }),
      expect.objectContaining({ msg: 'up' }),
    ]);
  });

  it('logs to stderr, saying why, when KIOSK_LOG_DIR cannot be written', () => {
    const notADir = join(tempDir(), 'a-file');
    writeFileSync(notADir, '');
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    shellLogs({ KIOSK_LOG_DIR: join(notADir, 'logs') }).shell.info('up');
    expect(stderr.map((l) => JSON.parse(l).msg)).toEqual([expect.stringMatching(/^KIOSK_LOG_DIR=.*: cannot write kiosk-shell\.log there \(ENOTDIR\)/), 'up']);
  });
});
