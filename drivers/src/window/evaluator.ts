/**
 * The evaluator (评价器) at a window: shows the clerk and a prompt, and
 * returns the visitor's rating, 5 (非常满意) to 1 (非常不满意), with the
 * chosen reason for 1 and 2, as rateTicket expects.
 */
import { DriverError, TimeoutError } from '../errors.ts';
import { checkAddress, sleep, type Rs485Bus } from './bus.ts';
import { CMD, field, LEVEL_NAMES, RATING_REASONS } from './codes.ts';
import { EventPoller } from './keypad.ts';

export interface RatingResult {
  level: number;
  /** 非常满意 … 非常不满意 */
  levelName: string;
  /** The reason code (1–6) for levels 1 and 2. */
  reasonCode?: number;
  /** The reason's wording (zh-CN), as rateTicket's `reason`. */
  reason?: string;
}

export interface AskOptions {
  /** Clerk's name as shown (e.g. 王**). */
  clerk: string;
  /** Clerk's staff number, if shown. */
  clerkId?: string;
  prompt?: string;
  /** How long the visitor has to choose, ms (default 30 s). */
  timeoutMs?: number;
  /** Poll interval while waiting, ms (default 100). */
  intervalMs?: number;
}

export class Evaluator {
  readonly #bus: Rs485Bus;
  readonly #poller: EventPoller;
  readonly address: number;

  constructor(bus: Rs485Bus, options: { address: number }, poller = new EventPoller(bus)) {
    this.#bus = bus;
    this.#poller = poller;
    this.address = checkAddress(options.address);
  }

  async ask(options: AskOptions): Promise<RatingResult> {
    const prompt = options.prompt ?? '请对本次服务进行评价';
    const timeoutMs = options.timeoutMs ?? 30_000;
    // Anything rated before this question belongs to an earlier visitor.
    while (await this.#poller.poll(this.address).catch(() => undefined));
    await this.#bus.request(this.address, CMD.evaluatorAsk, [...field(options.clerk, 30), ...field(options.clerkId ?? '', 16), ...field(prompt, 80)]);
    const deadline = Date.now() + timeoutMs;
    let lastError: Error | undefined;
    while (Date.now() < deadline) {
      try {
        const ev = await this.#poller.poll(this.address);
        if (ev?.type === 'rating') {
          const result: RatingResult = { level: ev.level, levelName: LEVEL_NAMES[ev.level]! };
          if (ev.reasonCode !== undefined) {
            result.reasonCode = ev.reasonCode;
            result.reason = RATING_REASONS[ev.reasonCode]!.zh;
          }
          return result;
        }
      } catch (err) {
        // A garbled or missed answer is asked for again on the next poll.
        lastError = err as Error;
      }
      await sleep(options.intervalMs ?? 100);
    }
    await this.cancel().catch(() => {});
    if (lastError instanceof DriverError && !('timeout' in lastError)) throw lastError;
    throw new TimeoutError(`no rating on the evaluator at address ${this.address} within ${timeoutMs} ms`);
  }

  /** Returns the evaluator to its idle screen. */
  async cancel(): Promise<void> {
    await this.#bus.request(this.address, CMD.evaluatorCancel);
  }
}
