import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, kioskLogFile } from './log.ts';

describe('agent log', () => {
  it('masks names and ID numbers in fields and in free text, and hides PINs and tokens', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => 0 });
    log.info('read 110101199003078814', {
      idNumber: '110101199003078814',
      name: '张示例',
      nested: { note: 'card 11010119900307881X ok' },
      pin: '2468',
      token: 'secret',
    });
    const line = lines[0]!;
    expect(line).not.toContain('110101199003078814');
    expect(line).not.toContain('11010119900307881X');
    expect(line).not.toContain('示例');
    expect(line).not.toContain('2468');
    expect(line).not.toContain('secret');
    expect(JSON.parse(line)).toMatchObject({ idNumber: '110***********8814', name: '张**' });
  });

  it('drops entries below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });

  it('writes kiosk-agent.log in KIOSK_LOG_DIR, and nothing anywhere on disk without it', () => {
    expect(kioskLogFile({}, 'kiosk-agent')).toEqual({ problems: [] });
    const dir = mkdtempSync(join(tmpdir(), 'agent-log-'));
    try {
      const { file, problems } = kioskLogFile({ KIOSK_LOG_DIR: dir, KIOSK_LOG_FILE_MB: '2', KIOSK_LOG_FILES: '3' }, 'kiosk-agent');
      expect(problems).toEqual([]);
      expect(file?.policy).toEqual({ maxBytes: 2 * 1024 * 1024, files: 3 });
      createLogger({ destination: file }).info('kiosk agent ready', { idNumber: '110101199003078814' });
      expect(JSON.parse(readFileSync(join(dir, 'kiosk-agent.log'), 'utf8'))).toMatchObject({
        service: 'kiosk-agent',
        msg: 'kiosk agent ready',
        idNumber: '110***********8814',
      });
      file?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
