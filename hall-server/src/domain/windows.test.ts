import { describe, it, expect } from 'vitest';
import type { HallWindow } from './model.ts';
import { counter, createTestHall, refusal, testWindows } from './testing.ts';

const clerk = { staffNo: '0231', name: '陈静' };

describe('opening, pausing and closing a window', () => {
  it('opens a closed window with the clerk on duty', () => {
    const hall = createTestHall({ windows: testWindows().map((w) => ({ ...w, initialState: 'closed' as const })) });
    expect(hall.exec<HallWindow>({ type: 'openWindow', windowNo: 2, clerk }, counter(2))).toMatchObject({ state: 'open', clerk });
  });

  it('refuses to open an open window, unless a new clerk takes over', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.exec({ type: 'openWindow', windowNo: 2 }, counter(2)))).toBe('WINDOW_ALREADY_OPEN');
    hall.exec({ type: 'openWindow', windowNo: 2, clerk }, counter(2));
    const next = { staffNo: '0415', name: '刘洋' };
    expect(hall.exec<HallWindow>({ type: 'openWindow', windowNo: 2, clerk: next }, counter(2)).clerk).toEqual(next);
  });

  it('pauses only with a reason', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.exec({ type: 'pauseWindow', windowNo: 2, reason: '  ' }, counter(2)))).toBe('REASON_REQUIRED');
    expect(hall.exec<HallWindow>({ type: 'pauseWindow', windowNo: 2, reason: ' 午休 ' }, counter(2))).toMatchObject({ state: 'paused', pauseReason: '午休' });
  });

  it('pauses only an open window and resumes only a paused one', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.exec({ type: 'resumeWindow', windowNo: 2 }, counter(2)))).toBe('WINDOW_NOT_PAUSED');
    hall.exec({ type: 'pauseWindow', windowNo: 2, reason: '午休' }, counter(2));
    expect(refusal(() => hall.exec({ type: 'pauseWindow', windowNo: 2, reason: '午休' }, counter(2)))).toBe('WINDOW_NOT_OPEN');
    expect(hall.exec<HallWindow>({ type: 'resumeWindow', windowNo: 2 }, counter(2))).toMatchObject({ state: 'open', pauseReason: undefined });
  });

  it('calls again once resumed', () => {
    const hall = createTestHall();
    hall.issue('social');
    hall.exec({ type: 'pauseWindow', windowNo: 2, reason: '系统故障' }, counter(2));
    expect(refusal(() => hall.callNext(2))).toBe('WINDOW_PAUSED');
    hall.exec({ type: 'resumeWindow', windowNo: 2 }, counter(2));
    expect(hall.callNext(2)?.number).toBe('B001');
  });

  it('refuses to close a window handling a ticket, and closes it once finished, without its clerk', () => {
    const hall = createTestHall();
    hall.exec({ type: 'openWindow', windowNo: 2, clerk }, counter(2));
    const t = hall.issueAndCall('social', 2);
    expect(refusal(() => hall.exec({ type: 'closeWindow', windowNo: 2 }, counter(2)))).toBe('WINDOW_BUSY');
    hall.advance(5);
    hall.exec({ type: 'finishTicket', ticketId: t.id }, counter(2));
    expect(hall.exec<HallWindow>({ type: 'closeWindow', windowNo: 2 }, counter(2))).toMatchObject({ state: 'closed', clerk: undefined });
    expect(refusal(() => hall.exec({ type: 'closeWindow', windowNo: 2 }, counter(2)))).toBe('WINDOW_ALREADY_CLOSED');
  });

  it('lets a counter terminal change only its own window', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.exec({ type: 'pauseWindow', windowNo: 1, reason: '午休' }, counter(2)))).toBe('WRONG_WINDOW');
    expect(refusal(() => hall.exec({ type: 'closeWindow', windowNo: 1 }, counter(2)))).toBe('WRONG_WINDOW');
    expect(hall.window(1).state).toBe('open');
  });

  it('refuses an unknown window', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.exec({ type: 'openWindow', windowNo: 99 }))).toBe('WINDOW_NOT_FOUND');
  });
});

describe('re-assigning a window', () => {
  it('calls the services it is given from then on', () => {
    const hall = createTestHall();
    hall.issue('hukou');
    expect(hall.callNext(2)).toBeUndefined();
    hall.exec({
      type: 'updateWindow',
      windowNo: 2,
      services: [
        { code: 'social', weight: 1 },
        { code: 'hukou', weight: 1 },
      ],
    });
    expect(hall.callNext(2)?.number).toBe('A001');
  });

  it('refuses an unknown service, an empty list and a service listed twice', () => {
    const hall = createTestHall();
    const update = (services: { code: string; weight: number }[]) => () => hall.exec({ type: 'updateWindow', windowNo: 2, services });
    expect(refusal(update([{ code: 'marriage', weight: 1 }]))).toBe('UNKNOWN_SERVICE');
    expect(refusal(update([]))).toBe('SERVICES_REQUIRED');
    expect(
      refusal(
        update([
          { code: 'social', weight: 1 },
          { code: 'social', weight: 2 },
        ]),
      ),
    ).toBe('DUPLICATE_SERVICE');
    expect(hall.window(2).services).toEqual([{ code: 'social', weight: 1 }]);
  });

  it('renames a window without touching its services', () => {
    const hall = createTestHall();
    expect(hall.exec<HallWindow>({ type: 'updateWindow', windowNo: 2, name: '社保综合窗口' })).toMatchObject({
      name: '社保综合窗口',
      services: [{ code: 'social', weight: 1 }],
    });
  });
});
