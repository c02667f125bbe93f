import { describe, expect, it } from 'vitest';
import type { Filing, QueueSnapshot, Window } from '@hall/server/protocol';
import type { CounterTicket } from '../../shared/kiosk-api.ts';
import { hallService, hallSnapshot, hallTicket } from '../testing/fake-hall.ts';
import { actor, counterFiling, counterState, counterTicket, type WindowPicture } from './views.ts';

const HJ = hallService('HJ', {
  name: { 'zh-CN': '户口迁入', en: 'Residence' },
  load: { code: 'HJ', waiting: 4, longestWaitS: 60, estimatedWaitMinutes: 12, windowsOpen: 1, issuedToday: 9 },
});
const names = new Map([['HJ', HJ.name]]);

function snapshotWith(window: Partial<Window>): QueueSnapshot {
  const s = hallSnapshot([HJ]);
  s.windows = [{ ...s.windows[0]!, ...window }];
  return s;
}

function picture(overrides: Partial<WindowPicture> = {}): WindowPicture {
  return { windowNo: 1, snapshot: snapshotWith({}), names, fetched: null, rating: { state: 'idle' }, online: true, ...overrides };
}

describe('the window as the clerk’s console shows it', () => {
  it('lists the waiting of each service the window handles, under its name', () => {
    const state = counterState(picture({ snapshot: snapshotWith({ clerk: { staffNo: '1003', name: '王芳' } }) }));
    expect(state).toMatchObject({ windowNo: 1, windowName: '1号窗口', state: 'open', clerk: { staffNo: '1003', name: '王芳' }, current: null, seq: 1 });
    expect(state.queue).toEqual([{ code: 'HJ', name: HJ.name, waiting: 4, estimatedWaitMinutes: 12 }]);
  });

  it('is closed, with nothing in hand, until the hall has said which window this is', () => {
    const state = counterState(picture({ windowNo: null }));
    expect(state).toMatchObject({ windowNo: null, windowName: '', state: 'closed', clerk: null, queue: [], current: null });
  });

  it('shows why the window is paused', () => {
    expect(counterState(picture({ snapshot: snapshotWith({ state: 'paused', pauseReason: '系统维护' }) })).pauseReason).toBe('系统维护');
  });

  it('shows a called ticket from the snapshot at once, and in full once fetched, with the window’s latest status', () => {
    const current = { ticketId: 't-A012', number: 'A012', serviceCode: 'HJ', status: 'serving' as const, calledAt: '2026-03-14T01:05:00.000Z' };
    const snapshot = snapshotWith({ current });
    expect(counterState(picture({ snapshot })).current).toEqual({
      id: 't-A012',
      number: 'A012',
      serviceCode: 'HJ',
      serviceName: HJ.name,
      status: 'serving',
      recallCount: 0,
      calledAt: current.calledAt,
    });
    const fetched: CounterTicket = {
      ...counterTicket(hallTicket('A012', 'HJ', { status: 'called' }), names),
      identity: { kind: 'citizen', masked: '110***********002X', number: '11010519491231002X' },
    };
    expect(counterState(picture({ snapshot, fetched })).current).toMatchObject({
      status: 'serving',
      identity: { number: '11010519491231002X' },
      calledAt: current.calledAt,
    });
  });

  it('holds no ticket once the one in front of the window is finished', () => {
    const snapshot = snapshotWith({ current: { ticketId: 't-A012', number: 'A012', serviceCode: 'HJ', status: 'finished' } });
    expect(counterState(picture({ snapshot })).current).toBeNull();
  });
});

describe('a filing as the clerk sees it', () => {
  const label = (zh: string) => ({ 'zh-CN': zh, en: zh });
  const filing: Filing = {
    id: 'f1',
    trackingCode: 'ABCD-EFGH-JKLM',
    serviceCode: 'HJ',
    serviceName: HJ.name,
    status: 'returned',
    submittedAt: '2026-03-14T01:00:00.000Z',
    applicant: { kind: 'citizen', masked: '110***********002X', number: '11010519491231002X', name: '赵天明' },
    form: { extra: '备注', phone: '13800138000', shopName: '小吃店' },
    fields: [
      { key: 'shopName', label: label('店名'), type: 'text', required: true },
      { key: 'phone', label: label('手机'), type: 'phone', required: true },
      { key: 'address', label: label('地址'), type: 'text', required: false },
    ],
    materials: [],
    history: [
      { status: 'submitted', at: '2026-03-14T01:00:00.000Z' },
      { status: 'returned', at: '2026-03-14T02:00:00.000Z', by: { role: 'counter', windowNo: 3, name: '王芳', staffNo: '1003' }, reason: '缺少租赁合同' },
    ],
    offline: false,
  };

  it('puts each value under its label in the form’s order, and a value the form does not know under its key, last', () => {
    expect(counterFiling(filing).form).toEqual([
      { key: 'shopName', label: label('店名'), value: '小吃店' },
      { key: 'phone', label: label('手机'), value: '13800138000' },
      { key: 'extra', label: { 'zh-CN': 'extra', en: 'extra' }, value: '备注' },
    ]);
  });

  it('names who moved it in the clerk’s words', () => {
    expect(counterFiling(filing).history[1]).toEqual({ status: 'returned', at: '2026-03-14T02:00:00.000Z', by: '3号窗口 王芳 (1003)', reason: '缺少租赁合同' });
    expect(actor({ role: 'manager' })).toBe('manager');
  });
});
