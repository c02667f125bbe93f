import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

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
});
