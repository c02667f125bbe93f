import { describe, expect, it } from 'vitest';
import { changePayloads } from '../../src/store/changes.ts';
import { DEFAULT_RULES, hourlyPoints, isOnline, slaState, viewRules } from '../../src/store/overview.ts';

describe('the city view’s rules', () => {
  it('reads the service level from the longest current wait: ok below 15 min, warn from 15, breach from 30', () => {
    expect([0, 899, 900, 1799, 1800, 7200].map((s) => slaState(s, DEFAULT_RULES))).toEqual(['ok', 'ok', 'warn', 'warn', 'breach', 'breach']);
    expect(slaState(600, viewRules({ slaWarnMinutes: 10, slaBreachMinutes: 20 }))).toBe('warn');
    expect(() => viewRules({ slaWarnMinutes: 30, slaBreachMinutes: 15 })).toThrow(TypeError);
  });

  it('needs both a live connection and a fresh report to call a hall online', () => {
    const at = '2026-11-23T02:00:00.000Z';
    const now = Date.parse(at) + 120_000;
    expect(isOnline(true, at, now, DEFAULT_RULES)).toBe(true);
    expect(isOnline(true, at, now + 1, DEFAULT_RULES)).toBe(false);
    expect(isOnline(false, at, now, DEFAULT_RULES)).toBe(false);
    expect(isOnline(null, at, now, DEFAULT_RULES)).toBe(false);
    expect(isOnline(true, null, now, DEFAULT_RULES)).toBe(false);
  });

  it('turns end-of-hour day counters into per-hour figures, counting from zero at the start of the day', () => {
    expect(
      hourlyPoints([
        { hour: '2026-11-23T02:00:00.000Z', issued_total: 30, served_total: 21, peak_waiting: 4 },
        { hour: '2026-11-23T01:00:00.000Z', issued_total: 12, served_total: 8, peak_waiting: 6 },
      ]),
    ).toEqual([
      { hour: '2026-11-23T01:00:00.000Z', issued: 12, served: 8, peakWaiting: 6 },
      { hour: '2026-11-23T02:00:00.000Z', issued: 18, served: 13, peakWaiting: 4 },
    ]);
  });

  it('splits a long list of changed halls into notifications under PostgreSQL’s payload limit, each id once', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `330106-ZWFW-${String(i).padStart(4, '0')}`);
    const payloads = changePayloads([...ids, ids[0]]);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => p.split(','))).toEqual(ids);
    expect(changePayloads([])).toEqual([]);
  });
});
