/**
 * The window's LED strip and caller keypad: what they show of the window,
 * and what a key on the keypad does.
 *
 * - The strip shows the number being served ("A012 请到3号窗口"), blinking
 *   while it is called; the keypad's display the number and how many wait.
 *   Each is written only when what it shows changes, one write at a time.
 * - Keypad keys are the same actions as the console's buttons.
 */
import type { KeyPress, LedContent } from '@hall/drivers';
import type { CounterResult, CounterState, TransferRequest } from '../../shared/kiosk-api.ts';
import type { WindowDevices } from '../devices/device-hub.ts';
import type { AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import { errorSummary } from './error-summary.ts';

const KEYPAD_PAUSE_REASON = '呼叫器暂停';

/** "A012 请到3号窗口" while a number is served; a short message while paused or closed; blank when idle. */
export function ledContent(state: CounterState): LedContent | null {
  if (state.state !== 'open') return { number: '', message: '暂停服务' };
  const c = state.current;
  if (!c) return null;
  return { number: c.number, message: `请到${state.windowNo}号窗口`, blink: c.status === 'called' };
}

/** The keypad's small display: the number in hand (or the window's state) and how many wait. */
export function keypadText(state: CounterState): string {
  const waiting = state.queue.reduce((n, q) => n + q.waiting, 0);
  if (state.state === 'closed') return `未签到 等候${waiting}`;
  if (state.state === 'paused') return `暂停 等候${waiting}`;
  return `${state.current ? state.current.number : '空闲'} 等候${waiting}`;
}

/** The desk's actions a key stands for, as the keypad asks for them. */
export type KeypadDesk = {
  counterState(): CounterState;
  callNext(source: 'keypad'): Promise<CounterResult>;
  recallTicket(source: 'keypad'): Promise<CounterResult>;
  skipTicket(ticketId: undefined, source: 'keypad'): Promise<CounterResult>;
  finishTicket(ticketId: undefined, source: 'keypad'): Promise<CounterResult>;
  transferTicket(request: TransferRequest, source: 'keypad'): Promise<CounterResult>;
  pauseWindow(reason: string, source: 'keypad'): Promise<CounterResult>;
  resumeWindow(source: 'keypad'): Promise<CounterResult>;
};

/** Runs the action of a key on the caller keypad; undefined for a key that has none. */
export function pressKey(press: KeyPress, desk: KeypadDesk): Promise<CounterResult> | undefined {
  switch (press.key) {
    case 'call-next':
      return desk.callNext('keypad');
    case 'recall':
      return desk.recallTicket('keypad');
    case 'no-show':
      return desk.skipTicket(undefined, 'keypad');
    case 'pause':
      // One key on most keypads: it pauses an open window and resumes a paused one.
      return desk.counterState().state === 'paused' ? desk.resumeWindow('keypad') : desk.pauseWindow(KEYPAD_PAUSE_REASON, 'keypad');
    case 'resume':
      return desk.resumeWindow('keypad');
    case 'finish':
      return desk.finishTicket(undefined, 'keypad');
    case 'transfer': {
      const target = press.target ?? '';
      return /^\d{1,3}$/.test(target) ? desk.transferTicket({ toWindowNo: Number(target) }, 'keypad') : Promise.reject(kioskError('TRANSFER_TARGET_REQUIRED'));
    }
    default:
      return undefined;
  }
}

/** Keeps the strip and the keypad's display showing the window. */
export class WindowPeripherals {
  readonly #devices: WindowDevices;
  readonly #log: AgentLogger;
  #ledShown: string | undefined;
  #keypadShown: string | undefined;
  #writes: Promise<void> = Promise.resolve();

  constructor(devices: WindowDevices, log: AgentLogger) {
    this.#devices = devices;
    this.#log = log;
  }

  /** Shows the window; `force` writes the strip even when unchanged (a recall makes it blink again). */
  show(state: CounterState, force = false): void {
    if (state.windowNo === null) return;
    const led = ledContent(state);
    const ledKey = JSON.stringify(led);
    const pad = keypadText(state);
    const writeLed = force || ledKey !== this.#ledShown;
    const writePad = pad !== this.#keypadShown;
    if (!writeLed && !writePad) return;
    if (writeLed) this.#ledShown = ledKey;
    if (writePad) this.#keypadShown = pad;
    const devices = this.#devices;
    this.#writes = this.#writes.then(async () => {
      if (writeLed && devices.hasLed) {
        await devices.showLed(led).catch((err: unknown) => {
          this.#ledShown = undefined;
          this.#log.debug('LED strip not updated', { error: errorSummary(err) });
        });
      }
      if (writePad && devices.hasKeypad) {
        await devices.keypadDisplay(pad).catch((err: unknown) => {
          this.#keypadShown = undefined;
          this.#log.debug('keypad display not updated', { error: errorSummary(err) });
        });
      }
    });
  }

  /** Shows a short message on the keypad's display (a refusal), until the next change. */
  message(text: string): void {
    this.#keypadShown = undefined;
    this.#writes = this.#writes.then(() => this.#devices.keypadDisplay(text.slice(0, 24)).catch(() => {}));
  }

  /** Resolves once the writes asked for so far are done. */
  idle(): Promise<void> {
    return this.#writes;
  }
}
