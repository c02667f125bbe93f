import { describe, expect, it } from 'vitest';
import type { LedContent } from '@hall/drivers';
import type { CounterResult, CounterState, CounterTicket } from '../../shared/kiosk-api.ts';
import { KioskError } from '../../shared/kiosk-api.ts';
import type { WindowDevices } from '../devices/device-hub.ts';
import { silentAgentLogger } from '../log.ts';
import { keypadText, ledContent, pressKey, WindowPeripherals, type KeypadDesk } from './peripherals.ts';

const A012: CounterTicket = {
  id: 't1',
  number: 'A012',
  serviceCode: 'HJ',
  serviceName: { 'zh-CN': '户口', en: 'Residence' },
  status: 'called',
  recallCount: 0,
};

function window(overrides: Partial<CounterState> = {}): CounterState {
  return {
    windowNo: 3,
    windowName: '3号窗口',
    state: 'open',
    clerk: null,
    queue: [
      { code: 'HJ', name: { 'zh-CN': '户口', en: 'Residence' }, waiting: 2, estimatedWaitMinutes: 6 },
      { code: 'CRJ', name: { 'zh-CN': '出入境', en: 'Exit-entry' }, waiting: 3, estimatedWaitMinutes: 9 },
    ],
    current: null,
    rating: { state: 'idle' },
    online: true,
    seq: 1,
    ...overrides,
  };
}

describe('what the LED strip and the keypad show', () => {
  it('the strip sends the visitor to this window, blinking while called; blank when idle; a notice while paused', () => {
    expect(ledContent(window({ current: A012 }))).toEqual({ number: 'A012', message: '请到3号窗口', blink: true });
    expect(ledContent(window({ current: { ...A012, status: 'serving' } }))).toEqual({ number: 'A012', message: '请到3号窗口', blink: false });
    expect(ledContent(window())).toBeNull();
    expect(ledContent(window({ state: 'paused' }))).toEqual({ number: '', message: '暂停服务' });
  });

  it('the keypad shows the number in hand, or the window’s state, and how many wait in all', () => {
    expect(keypadText(window({ current: A012 }))).toBe('A012 等候5');
    expect(keypadText(window())).toBe('空闲 等候5');
    expect(keypadText(window({ state: 'paused' }))).toBe('暂停 等候5');
    expect(keypadText(window({ state: 'closed' }))).toBe('未签到 等候5');
  });
});

describe('a key on the caller keypad', () => {
  function desk(state: CounterState['state'] = 'open') {
    const asked: string[] = [];
    const done = (what: string): Promise<CounterResult> => (asked.push(what), Promise.resolve({ state: window() }));
    const d: KeypadDesk = {
      counterState: () => window({ state }),
      callNext: (source) => done(`callNext ${source}`),
      recallTicket: (source) => done(`recallTicket ${source}`),
      skipTicket: (_id, source) => done(`skipTicket ${source}`),
      finishTicket: (_id, source) => done(`finishTicket ${source}`),
      transferTicket: (request, source) => done(`transferTicket ${request.toWindowNo} ${source}`),
      pauseWindow: (reason, source) => done(`pauseWindow ${reason} ${source}`),
      resumeWindow: (source) => done(`resumeWindow ${source}`),
    };
    return { d, asked };
  }

  it('is the console’s button of the same name, from the keypad', async () => {
    const { d, asked } = desk();
    for (const key of ['call-next', 'recall', 'no-show', 'finish', 'resume'] as const) await pressKey({ address: 2, key }, d);
    await pressKey({ address: 2, key: 'transfer', target: '12' }, d);
    expect(asked).toEqual([
      'callNext keypad',
      'recallTicket keypad',
      'skipTicket keypad',
      'finishTicket keypad',
      'resumeWindow keypad',
      'transferTicket 12 keypad',
    ]);
  });

  it('the one pause key pauses an open window and resumes a paused one', async () => {
    const open = desk('open');
    await pressKey({ address: 2, key: 'pause' }, open.d);
    expect(open.asked).toEqual(['pauseWindow 呼叫器暂停 keypad']);
    const paused = desk('paused');
    await pressKey({ address: 2, key: 'pause' }, paused.d);
    expect(paused.asked).toEqual(['resumeWindow keypad']);
  });

  it('a transfer needs a window number typed before it', async () => {
    const { d, asked } = desk();
    const e = await pressKey({ address: 2, key: 'transfer', target: 'x' }, d)?.catch((err: unknown) => err);
    expect(e).toBeInstanceOf(KioskError);
    expect((e as KioskError).code).toBe('TRANSFER_TARGET_REQUIRED');
    expect(asked).toEqual([]);
  });
});

describe('keeping the strip and the keypad’s display current', () => {
  function devices() {
    const led: (LedContent | null)[] = [];
    const pad: string[] = [];
    let failLed = false;
    const window: WindowDevices = {
      hasLed: true,
      hasKeypad: true,
      hasEvaluator: false,
      showLed: async (content) => {
        if (failLed) throw new Error('line down');
        led.push(content);
      },
      keypadDisplay: async (text) => void pad.push(text),
      askRating: () => Promise.reject(new Error('no evaluator')),
    };
    return { window, led, pad, failLed: (v: boolean) => (failLed = v) };
  }

  it('writes each only when what it shows changes, and the strip again on a recall', async () => {
    const d = devices();
    const p = new WindowPeripherals(d.window, silentAgentLogger);
    p.show(window({ current: A012 }));
    p.show(window({ current: A012 }));
    p.show(window({ current: A012, queue: [] }));
    p.show(window({ current: A012, queue: [] }), true);
    await p.idle();
    expect(d.led).toHaveLength(2);
    expect(d.pad).toEqual(['A012 等候5', 'A012 等候0']);
  });

  it('a write that failed is made again with the next change', async () => {
    const d = devices();
    const p = new WindowPeripherals(d.window, silentAgentLogger);
    d.failLed(true);
    p.show(window({ current: A012 }));
    await p.idle();
    d.failLed(false);
    p.show(window({ current: A012, queue: [] }));
    await p.idle();
    expect(d.led).toEqual([{ number: 'A012', message: '请到3号窗口', blink: true }]);
  });

  it('a message on the keypad gives way to the window at the next update', async () => {
    const d = devices();
    const p = new WindowPeripherals(d.window, silentAgentLogger);
    p.show(window());
    p.message('无人等候');
    p.show(window());
    await p.idle();
    expect(d.pad).toEqual(['空闲 等候5', '无人等候', '空闲 等候5']);
  });

  it('shows nothing until the hall has said which window this is', async () => {
    const d = devices();
    const p = new WindowPeripherals(d.window, silentAgentLogger);
    p.show(window({ windowNo: null }));
    await p.idle();
    expect(d.led).toEqual([]);
    expect(d.pad).toEqual([]);
  });
});
