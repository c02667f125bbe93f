import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the hall server’s log under a service manager', () => {
  it('is plain JSON lines on stdout when stdout is not a terminal: what journald takes as it is, nothing pretty-printed', () => {
    const log = new URL('./log.ts', import.meta.url).href;
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { createLogger } = await import(${JSON.stringify(log)}); const l = createLogger(); l.info({ windowNo: 3 }, 'hall online'); l.warn('disk nearly full');`,
      ],
      // HALL_LOG_LEVEL set but empty, as a unit file's `Environment=HALL_LOG_LEVEL=` leaves it: the default level.
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HALL_LOG_LEVEL: '' } },
    );
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'info', service: 'hall-server', msg: 'hall online', windowNo: 3 }),
      expect.objectContaining({ level: 'warn', msg: 'disk nearly full' }),
    ]);
    expect(run.stdout).not.toMatch(/\u001b\[/); // no colour codes
  });
});
