import { describe, it, expect } from 'vitest';
import { createTestHall, elderlyVisitor, testServices, testWindows, type TestHall, type WindowInput } from './testing.ts';

/** Issues a normal ticket for social insurance (window 2) and moves the clock on a minute. */
function normal(hall: TestHall, serviceCode = 'social'): string {
  const t = hall.issue(serviceCode);
  hall.advance(1);
  return t.number;
}

let elders = 0;
/** Issues an elderly green-channel ticket and moves the clock on a minute. */
function elderly(hall: TestHall, serviceCode = 'social'): string {
  const t = hall.issue(serviceCode, { identity: elderlyVisitor(++elders) });
  expect(t.priority).toBe('elderly');
  hall.advance(1);
  return t.number;
}

/** The test windows plus window 5, serving hukou and social with the given weights. */
function withMixedWindow(services: WindowInput['services']): WindowInput[] {
  return [...testWindows(), { no: 5, name: '5号综合窗口', services, initialState: 'open' }];
}

describe('calling within a service', () => {
  it('calls tickets first in, first out', () => {
    const hall = createTestHall();
    const issued = [normal(hall), normal(hall), normal(hall)];
    expect(hall.callSequence(2, 4)).toEqual(issued);
  });

  it('calls tickets issued in the same millisecond in issue order', () => {
    const hall = createTestHall();
    const issued = [hall.issue('social').number, hall.issue('social').number, hall.issue('social').number];
    expect(hall.callSequence(2, 3)).toEqual(issued);
  });

  it('calls only the services the window serves', () => {
    const hall = createTestHall();
    normal(hall, 'hukou');
    expect(hall.callNext(2)).toBeUndefined();
    expect(hall.callNext(1)?.number).toBe('A001');
  });

  it('calls nothing when no one waits, and changes nothing', () => {
    const hall = createTestHall();
    const before = hall.window(2);
    expect(hall.callNext(2)).toBeUndefined();
    expect(hall.lastEvents).toEqual([]);
    expect(hall.window(2)).toBe(before);
  });
});

describe('the priority:normal ratio', () => {
  it('with a 2:1 ratio and both classes waiting, a window calls two priority tickets then one normal', () => {
    const hall = createTestHall();
    const [n1, n2, n3] = [normal(hall), normal(hall), normal(hall)];
    const [p1, p2, p3] = [elderly(hall), elderly(hall), elderly(hall)];
    expect(hall.callSequence(2, 6)).toEqual([p1, p2, n1, p3, n2, n3]);
  });

  it('with a 1:1 ratio, a window alternates priority and normal tickets', () => {
    const hall = createTestHall({ rules: { priorityRatio: { priority: 1, normal: 1 } } });
    const [n1, n2, n3] = [normal(hall), normal(hall), normal(hall)];
    const [p1, p2, p3] = [elderly(hall), elderly(hall), elderly(hall)];
    expect(hall.callSequence(2, 6)).toEqual([p1, n1, p2, n2, p3, n3]);
  });

  it('with a 1:2 ratio, a window calls one priority ticket then two normal ones', () => {
    const hall = createTestHall({ rules: { priorityRatio: { priority: 1, normal: 2 } } });
    const [n1, n2, n3, n4] = [normal(hall), normal(hall), normal(hall), normal(hall)];
    const [p1, p2] = [elderly(hall), elderly(hall)];
    expect(hall.callSequence(2, 6)).toEqual([p1, n1, n2, p2, n3, n4]);
  });

  it('calls normal tickets one after another when no priority ticket waits', () => {
    const hall = createTestHall();
    const issued = [normal(hall), normal(hall), normal(hall), normal(hall)];
    expect(hall.callSequence(2, 4)).toEqual(issued);
  });

  it('calls priority tickets one after another when no normal ticket waits', () => {
    const hall = createTestHall();
    const issued = [elderly(hall), elderly(hall), elderly(hall), elderly(hall)];
    expect(hall.callSequence(2, 4)).toEqual(issued);
  });

  it('calls a green-channel ticket issued after normal ones before them', () => {
    const hall = createTestHall();
    const n1 = normal(hall);
    const p1 = elderly(hall);
    expect(hall.callSequence(2, 2)).toEqual([p1, n1]);
  });

  it('keeps each window’s cycle its own', () => {
    const hall = createTestHall({ windows: [...testWindows(), { no: 6, name: '6号窗口', services: [{ code: 'social' }], initialState: 'open' }] });
    const n1 = normal(hall);
    const [p1, p2, p3] = [elderly(hall), elderly(hall), elderly(hall)];
    expect(hall.callNext(2)?.number).toBe(p1);
    expect(hall.callNext(6)?.number).toBe(p2);
    // A hall-wide cycle would now owe the normal ticket its turn; window 2 has called one priority ticket only.
    hall.advance(1);
    expect(hall.callNext(2)?.number).toBe(p3);
    hall.advance(1);
    expect(hall.callNext(2)?.number).toBe(n1);
  });
});

describe('the max-wait rule', () => {
  it.each([
    { rule: 'calls a ticket that has waited an hour before priority tickets', callAt: '10:00', order: ['normal', 'elderly'] },
    { rule: 'does not apply before the limit is reached', callAt: '09:59', order: ['elderly', 'normal'] },
  ] as const)('$rule', ({ callAt, order }) => {
    const hall = createTestHall();
    const sinceNine = normal(hall);
    hall.setClock('2026-11-23T09:30:00+08:00');
    const numbers = { normal: sinceNine, elderly: elderly(hall) };
    hall.setClock(`2026-11-23T${callAt}:00+08:00`);
    expect(hall.callNext(2)?.number).toBe(numbers[order[0]]);
    hall.advance(1);
    expect(hall.callNext(2)?.number).toBe(numbers[order[1]]);
  });

  it('overrides the weights of a multi-service window and picks the longest waiting', () => {
    const hall = createTestHall({
      windows: withMixedWindow([
        { code: 'hukou', weight: 3 },
        { code: 'social', weight: 1 },
      ]),
    });
    const b1 = normal(hall, 'social'); // 09:00
    const a1 = normal(hall, 'hukou'); // 09:01
    hall.setClock('2026-11-23T10:30:00+08:00');
    const a2 = normal(hall, 'hukou');
    const a3 = normal(hall, 'hukou');
    // Without the rule the window would call A first (first service, weight 3).
    expect(hall.callSequence(5, 4)).toEqual([b1, a1, a2, a3]);
  });

  it('uses a service’s own limit when it has one', () => {
    const services = testServices().map((s) => (s.code === 'social' ? { ...s, maxWaitMinutes: 10 } : s));
    const build = (withOverride: boolean) =>
      createTestHall({ services: withOverride ? services : testServices(), windows: withMixedWindow([{ code: 'hukou' }, { code: 'social' }]) });

    for (const withOverride of [true, false]) {
      const hall = build(withOverride);
      const b1 = normal(hall, 'social'); // 09:00
      const a1 = elderly(hall, 'hukou'); // 09:01, green channel
      hall.setClock('2026-11-23T09:11:00+08:00');
      expect(hall.callNext(5)?.number, withOverride ? 'with a 10-minute limit' : 'with the hall’s hour').toBe(withOverride ? b1 : a1);
    }
  });
});

describe('multi-service windows', () => {
  it('with weights 3:1 call three of A for each B while both wait', () => {
    const hall = createTestHall({
      windows: withMixedWindow([
        { code: 'hukou', weight: 3 },
        { code: 'social', weight: 1 },
      ]),
    });
    for (let i = 0; i < 8; i++) {
      normal(hall, 'hukou');
      normal(hall, 'social');
    }
    const called = hall.callSequence(5, 8);
    expect(called.map((n) => n[0]).join('')).toBe('AABAAABA');
    expect(called).toEqual(['A001', 'A002', 'B001', 'A003', 'A004', 'A005', 'B002', 'A006']);
  });

  it('calls the other service alone once the heavier one has no one waiting', () => {
    const hall = createTestHall({
      windows: withMixedWindow([
        { code: 'hukou', weight: 3 },
        { code: 'social', weight: 1 },
      ]),
    });
    normal(hall, 'hukou');
    for (let i = 0; i < 3; i++) normal(hall, 'social');
    expect(hall.callSequence(5, 4)).toEqual(['A001', 'B001', 'B002', 'B003']);
  });

  it('breaks a tie in favour of the window’s first service', () => {
    for (const [services, expected] of [
      [
        [{ code: 'hukou' }, { code: 'social' }],
        ['A001', 'B001', 'A002', 'B002'],
      ],
      [
        [{ code: 'social' }, { code: 'hukou' }],
        ['B001', 'A001', 'B002', 'A002'],
      ],
    ] as const) {
      const hall = createTestHall({ windows: withMixedWindow([...services]) });
      for (let i = 0; i < 2; i++) {
        normal(hall, 'hukou');
        normal(hall, 'social');
      }
      expect(hall.callSequence(5, 4)).toEqual(expected);
    }
  });

  it('applies the priority ratio across all the window’s services', () => {
    const hall = createTestHall({ windows: withMixedWindow([{ code: 'hukou' }, { code: 'social' }]) });
    const n1 = normal(hall, 'hukou');
    const p1 = elderly(hall, 'social');
    const p2 = elderly(hall, 'hukou');
    const p3 = elderly(hall, 'social');
    expect(hall.callSequence(5, 4)).toEqual([p2, p1, n1, p3]);
  });
});
