import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

function capture(level: 'debug' | 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const log = createLogger({ service: 'test', level, destination: (l) => lines.push(l), now: () => Date.UTC(2026, 11, 7, 9) });
  return { log, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), lines };
}

describe('the one logger', () => {
  it('writes one JSON line with time, level by name, service and msg', () => {
    const { log, entries } = capture();
    log.info('hall online');
    expect(entries()).toEqual([{ time: '2026-12-07T09:00:00.000Z', level: 'info', service: 'test', msg: 'hall online' }]);
  });

  it('takes fields after the message (drivers, agent) and before it (pino), the same line either way', () => {
    const { log, entries } = capture();
    log.warn('link lost', { reason: 'transport close' });
    log.warn({ reason: 'transport close' }, 'link lost');
    const [a, b] = entries();
    expect(a).toMatchObject({ level: 'warn', msg: 'link lost', reason: 'transport close' });
    expect(b).toEqual(a);
  });

  it('masks names and ID numbers in fields and in the message, hides PINs, tokens and authorisation, drops forms', () => {
    const { log, lines, entries } = capture();
    log.info('read 110101199003078814', {
      idNumber: '110101199003078814',
      name: '张示例',
      nested: { note: 'card 11010119900307881X ok' },
      pin: '2468',
      token: 'secret-token',
      req: { headers: { authorization: 'Bearer secret-bearer' } },
      form: { phone: '13800000000' },
    });
    const line = lines[0]!;
    for (const secret of ['110101199003078814', '11010119900307881X', '示例', '2468', 'secret-token', 'secret-bearer', '13800000000'])
      expect(line).not.toContain(secret);
    expect(entries()[0]).toMatchObject({ idNumber: '110***********8814', name: '张**', pin: '***', form: '[redacted]' });
  });

  it('keeps an error’s type, message and code, scrubbed', () => {
    const { log, entries } = capture();
    log.error('issue failed', Object.assign(new Error('no ticket for 110101199003078814'), { code: 'E1' }));
    const entry = entries()[0]!;
    expect(entry.err).toMatchObject({ type: 'Error', message: 'no ticket for 110***********8814', code: 'E1' });
  });

  it('drops entries below its level, and children carry their fields', () => {
    const { log, entries } = capture('warn');
    log.info('quiet');
    log.child({ device: 'printer' }).warn('loud');
    expect(entries()).toEqual([expect.objectContaining({ msg: 'loud', device: 'printer' })]);
  });
});
