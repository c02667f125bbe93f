// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setKioskApi } from '../kiosk.ts';
import { counterState, counterTicket, FakeKioskApi, FakeLink, flush, info } from '../testing/fake-kiosk-api.ts';
import { bindKiosk } from '../wiring.ts';
import { useCounterStore } from './counter.ts';
import { useHallStore } from './hall.ts';

let api: FakeKioskApi;
beforeEach(async () => {
  setActivePinia(createPinia());
  api = new FakeKioskApi();
  api.infoValue = info({ role: 'counter', terminalName: '3号窗口终端' });
  setKioskApi(api);
  bindKiosk(api, new FakeLink(true));
  await flush();
});

/** A request the test lets go of when it wants. */
function gate(): () => void {
  let release!: () => void;
  api.counterGate = new Promise<void>((r) => (release = r));
  return () => {
    api.counterGate = null;
    release();
  };
}

describe('the counter console store', () => {
  it('loads the window and the day’s figures when the terminal is a counter', () => {
    const counter = useCounterStore();
    expect(useHallStore().role).toBe('counter');
    expect(counter.window?.windowNo).toBe(3);
    expect(counter.signedIn).toBe(true);
    expect(counter.summary?.served).toBe(12);
    expect(counter.waitingTotal).toBe(4);
  });

  it('disables every action while a request is in flight, and a second press does not send a second request', async () => {
    const counter = useCounterStore();
    const release = gate();
    const first = counter.callNext();
    expect(counter.busy).toBe('callNext');
    expect(counter.can.callNext).toBe(false);
    expect(counter.can.pause).toBe(false);
    const second = counter.callNext();
    expect(await second).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(api.callCount('callNext')).toBe(1);
    expect(counter.busy).toBeNull();
    expect(counter.current?.number).toBe('A001');
    expect(counter.notice).toEqual({ kind: 'ok', key: 'counter.notice.called', params: { number: 'A001' } });
  });

  it('says so when nobody is waiting', async () => {
    const counter = useCounterStore();
    api.waiting = [];
    await counter.callNext();
    expect(counter.notice).toEqual({ kind: 'info', key: 'counter.notice.nobodyWaiting' });
  });

  it('shows a refusal (ticket taken by another window) and fetches the window afresh', async () => {
    const counter = useCounterStore();
    api.setCounter({ current: counterTicket('A007') });
    // Meanwhile the hall moved on: the fake answers the refusal, and the fresh state no longer holds A007.
    api.nextCounterRefusal = { code: 'TICKET_TAKEN' };
    api.counterValue = counterState({ current: null });
    const before = api.callCount('counterState');
    expect(await counter.finish()).toBe(false);
    expect(api.calls.finishTicket).toEqual([['t-A007']]);
    expect(counter.notice).toEqual({ kind: 'error', code: 'TICKET_TAKEN' });
    expect(api.callCount('counterState')).toBe(before + 1);
    expect(counter.current).toBeNull();
    expect(counter.busy).toBeNull();
  });

  it('maps the keyboard: F1 and Space call, F2 recalls, F3 no-show, F4/F5/F6 open their dialogs, F7 and Enter finish', async () => {
    const counter = useCounterStore();
    expect(counter.handleKey('F1')).toBe(true);
    await flush();
    expect(api.callCount('callNext')).toBe(1);
    expect(counter.handleKey('F2')).toBe(true);
    await flush();
    expect(api.callCount('recallTicket')).toBe(1);
    expect(counter.current?.recallCount).toBe(1);
    expect(counter.handleKey('F7')).toBe(true);
    await flush();
    expect(api.calls.finishTicket).toEqual([['t-A001']]);
    expect(counter.handleKey(' ')).toBe(true);
    await flush();
    expect(counter.current?.number).toBe('A002');
    expect(counter.handleKey('F3')).toBe(true);
    await flush();
    expect(api.calls.skipTicket).toEqual([['t-A002']]);
    expect(counter.handleKey('Enter', { typing: true })).toBe(false);
    expect(counter.handleKey('F4')).toBe(true);
    expect(counter.dialog).toBe('call-number');
    expect(counter.handleKey('F1')).toBe(false);
    expect(counter.handleKey('Escape')).toBe(true);
    expect(counter.dialog).toBeNull();
    expect(counter.handleKey('F6')).toBe(true);
    expect(counter.dialog).toBe('pause');
    counter.closeDialog();
    expect(counter.handleKey('x')).toBe(false);
  });

  it('calls a typed number, transfers with a note, and pauses with a reason', async () => {
    const counter = useCounterStore();
    await counter.openDialog('call-number');
    for (const k of 'a003') counter.typeNumber(k);
    expect(counter.typedNumber).toBe('A003');
    await counter.callNumber();
    expect(api.calls.callTicket).toEqual([['A003']]);
    expect(counter.current?.number).toBe('A003');

    await counter.openDialog('transfer');
    expect(counter.targets?.windows.map((w) => w.no)).toEqual([1, 5]);
    counter.transferTarget = 'CRJ-001';
    counter.chooseTransferKind('window');
    expect(counter.transferTarget).toBe('');
    counter.transferTarget = '5';
    counter.transferNote = ' 需补材料 ';
    await counter.transfer();
    expect(api.calls.transferTicket).toEqual([[{ ticketId: 't-A003', toWindowNo: 5, note: '需补材料' }]]);
    expect(counter.current).toBeNull();

    await counter.openDialog('pause');
    await counter.pause('  ');
    expect(api.callCount('pauseWindow')).toBe(0);
    await counter.pause('午休');
    expect(api.calls.pauseWindow).toEqual([['午休']]);
    expect(counter.paused).toBe(true);
    expect(counter.can.callNext).toBe(false);
    expect(counter.handleKey('F6')).toBe(true);
    await flush();
    expect(counter.paused).toBe(false);
  });

  it('signs in with staff number and PIN from the on-screen keypad, and keeps the staff number after a wrong PIN', async () => {
    api.counterValue = counterState({ state: 'closed', clerk: null });
    const counter = useCounterStore();
    await counter.resync();
    expect(counter.signedIn).toBe(false);
    for (const k of '1001') counter.type(k);
    counter.focus('pin');
    for (const k of '1111') counter.type(k);
    expect(await counter.signIn()).toBe(false);
    expect(counter.notice).toMatchObject({ kind: 'error', code: 'WRONG_PIN' });
    expect(counter.staffNo).toBe('1001');
    expect(counter.pin).toBe('');
    for (const k of '2468') counter.type(k);
    expect(await counter.signIn()).toBe(true);
    expect(counter.signedIn).toBe(true);
    expect(api.calls.signIn?.[1]).toEqual(['1001', '2468']);
  });

  it('follows the window through the agent’s events, and tells the clerk what the caller keypad did', () => {
    const counter = useCounterStore();
    api.emit('counter', counterState({ seq: 120, current: counterTicket('A009') }));
    expect(counter.current?.number).toBe('A009');
    // An older message never overwrites a newer picture.
    api.emit('counter', counterState({ seq: 110, current: null }));
    expect(counter.current?.number).toBe('A009');
    api.emit('counter:action', { source: 'keypad', action: 'callNext', ok: true, number: 'A009' });
    expect(counter.notice).toMatchObject({ kind: 'ok', key: 'counter.notice.called', params: { number: 'A009' }, source: 'keypad' });
    api.emit('counter:action', { source: 'keypad', action: 'recallTicket', ok: false, error: { code: 'NOTHING_TO_RECALL' } });
    expect(counter.notice).toMatchObject({ kind: 'error', code: 'NOTHING_TO_RECALL', source: 'keypad' });
  });
});
