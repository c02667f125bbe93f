import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../src/app.ts';
import { ClockGuard, type ClockEvent } from '../src/clock-guard.ts';
import { createLogger } from '../src/log.ts';
import { demoConfig, tempDir } from './harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YEARS_10 = 3653 * DAY;

/** A wall clock and a monotonic clock that tests move separately. */
function clocks(start: number) {
  const c = { wall: start, mono: 1_000, pass: (ms: number) => ((c.wall += ms), (c.mono += ms)) };
  return c;
}

describe('the clock guard', () => {
  it('follows the wall clock while it agrees with the elapsed monotonic time, small NTP corrections included', () => {
    const c = clocks(Date.parse('2026-03-02T02:00:00Z'));
    const guard = new ClockGuard({ wall: () => c.wall, monotonic: () => c.mono });
    c.pass(HOUR);
    c.wall += 2 * MIN;
    expect(guard.now()).toBe(c.wall);
    expect(guard.holding).toBe(false);
  });

  it('keeps its own time through a jump ten years ahead, reports it once, and never accepts it without an operator', () => {
    const c = clocks(Date.parse('2026-03-02T02:00:00Z'));
    const events: ClockEvent[] = [];
    const guard = new ClockGuard({ wall: () => c.wall, monotonic: () => c.mono, report: (e) => events.push(e) });
    const before = c.wall;
    c.wall += YEARS_10;
    c.pass(DAY);
    expect(guard.now()).toBe(before + DAY);
    c.pass(10 * DAY);
    expect(guard.now()).toBe(before + 11 * DAY);
    expect(guard.holding).toBe(true);
    expect(events).toEqual([{ type: 'jump', offsetMs: YEARS_10, accepts: 'on-confirmation' }]);
    guard.confirm();
    expect(guard.now()).toBe(c.wall);
    expect(events.at(-1)).toEqual({ type: 'accepted', offsetMs: YEARS_10, by: 'operator' });
  });

  it('accepts a correction of a few hours once it has held for the settling time', () => {
    const c = clocks(Date.parse('2026-03-02T02:00:00Z'));
    const guard = new ClockGuard({ wall: () => c.wall, monotonic: () => c.mono, settleMs: 30 * MIN });
    c.wall += 8 * HOUR;
    const held = guard.now();
    expect(held).toBe(c.wall - 8 * HOUR);
    c.pass(29 * MIN);
    expect(guard.now()).toBe(c.wall - 8 * HOUR);
    c.pass(MIN);
    expect(guard.now()).toBe(c.wall);
    expect(guard.holding).toBe(false);
  });

  it('forgets a jump the wall clock takes back', () => {
    const c = clocks(Date.parse('2026-03-02T02:00:00Z'));
    const guard = new ClockGuard({ wall: () => c.wall, monotonic: () => c.mono });
    c.wall += YEARS_10;
    guard.now();
    c.wall -= YEARS_10;
    c.pass(MIN);
    expect(guard.now()).toBe(c.wall);
    expect(guard.holding).toBe(false);
  });
});

describe('a hall whose wall clock jumps ahead', () => {
  let app: Application | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(c: { wall: number; mono: number }) {
    dataDir = tempDir();
    app = await createApplication({
      dataDir,
      seed: demoConfig(),
      clock: () => c.wall,
      monotonic: () => c.mono,
      logger: createLogger({ level: 'silent' }),
      dayCheckMs: false,
    });
    return app;
  }

  it('stays on today and purges nothing, then starts the right next day at midnight by its own time', async () => {
    // 23:50 on Monday 2 March in the hall's time zone (UTC+8).
    const c = clocks(Date.parse('2026-03-02T15:50:00Z'));
    const hall = (await start(c)).hall;
    expect(hall.state.counters.day).toBe('2026-03-02');

    c.wall += YEARS_10;
    expect(hall.startDayIfDue()).toBe(false);
    expect(await app!.retention.run()).toEqual({ ran: false, reason: 'clock-held' });
    expect(hall.state.counters.day).toBe('2026-03-02');

    c.pass(15 * MIN);
    expect(hall.startDayIfDue()).toBe(true);
    expect(hall.state.counters.day).toBe('2026-03-03');

    // Someone puts the wall clock right: nothing to undo, the hall was never on a future day.
    c.wall -= YEARS_10;
    c.pass(MIN);
    expect(hall.startDayIfDue()).toBe(false);
    expect(hall.state.counters.day).toBe('2026-03-03');
    expect((await app!.retention.run()).ran).toBe(true);
  });

  it('stamps what happens during a held jump with its own time, not the jumped one', async () => {
    const c = clocks(Date.parse('2026-03-02T02:00:00Z'));
    const hall = (await start(c)).hall;
    const before = c.wall;
    c.wall += YEARS_10;
    c.pass(MIN);
    expect(hall.clock()).toBe(before + MIN);
  });
});
