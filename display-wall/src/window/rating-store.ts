/**
 * The 好差评 prompt on the visitor-facing window screen. It opens when the
 * window finishes a ticket and has not called the next one, asks for one of
 * five levels (a reason for the bad two), sends it, thanks the visitor and
 * goes away by itself — after a minute if nobody answers.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Window } from '@hall/server/protocol';
import type { HallClient } from '../shared/api.ts';
import { failureOf, type CallFailure } from '../shared/failure.ts';

export const PROMPT_TIMEOUT_MS = 60_000;
export const THANKS_MS = 5_000;
export const LEVELS = [5, 4, 3, 2, 1] as const;
export const needsReason = (level: number) => level <= 2;

export type RatingPhase = 'idle' | 'choose' | 'reason' | 'sending' | 'thanks' | 'already' | 'failed';

export const useRatingStore = defineStore('rating', () => {
  const phase = ref<RatingPhase>('idle');
  const ticketId = ref<string | undefined>(undefined);
  const number = ref<string | undefined>(undefined);
  const level = ref<number | undefined>(undefined);
  const reason = ref('');
  /** Why the last send failed, while the prompt shows 'failed'. */
  const failure = ref<CallFailure | undefined>(undefined);
  let api: HallClient | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function use(to: HallClient): void {
    api = to;
  }

  function later(ms: number, then: () => void): void {
    clearTimeout(timer);
    timer = setTimeout(then, ms);
  }

  function close(): void {
    clearTimeout(timer);
    phase.value = 'idle';
    ticketId.value = undefined;
    number.value = undefined;
    level.value = undefined;
    reason.value = '';
    failure.value = undefined;
  }

  function open(id: string, ticketNumber?: string): void {
    close();
    ticketId.value = id;
    number.value = ticketNumber;
    phase.value = 'choose';
    later(PROMPT_TIMEOUT_MS, close);
  }

  /** Follows one window: a finish with nobody called next opens the prompt; the next call closes it. */
  function follow(windowNo: number, w: Window, previous: Window | undefined): void {
    if (w.no !== windowNo) return;
    const finished = w.lastFinishedTicketId;
    if (finished && finished !== previous?.lastFinishedTicketId && !w.current) {
      open(finished, previous?.current?.ticketId === finished ? previous.current.number : undefined);
    } else if (w.current && (phase.value === 'choose' || phase.value === 'reason' || phase.value === 'failed')) {
      close();
    }
  }

  function choose(chosen: number): void {
    if (phase.value !== 'choose' && phase.value !== 'reason' && phase.value !== 'failed') return;
    level.value = chosen;
    later(PROMPT_TIMEOUT_MS, close);
    if (needsReason(chosen)) phase.value = 'reason';
    else void submit();
  }

  function back(): void {
    if (phase.value !== 'reason') return;
    level.value = undefined;
    phase.value = 'choose';
    later(PROMPT_TIMEOUT_MS, close);
  }

  async function submit(): Promise<void> {
    const id = ticketId.value;
    const chosen = level.value;
    if (!api || !id || chosen === undefined) return;
    const text = reason.value.trim();
    if (needsReason(chosen) && !text) return;
    phase.value = 'sending';
    failure.value = undefined;
    clearTimeout(timer);
    let failed: CallFailure | undefined;
    try {
      await api.call('rateTicket', { params: { ticketId: id }, body: needsReason(chosen) ? { level: chosen, reason: text } : { level: chosen } });
    } catch (err) {
      failed = failureOf(err);
    }
    if (ticketId.value !== id) return;
    if (!failed) {
      phase.value = 'thanks';
      later(THANKS_MS, close);
    } else if (failed.code === 'ALREADY_RATED') {
      phase.value = 'already';
      later(THANKS_MS, close);
    } else if (failed.code === 'REASON_REQUIRED') {
      phase.value = 'reason';
      later(PROMPT_TIMEOUT_MS, close);
    } else {
      failure.value = failed;
      phase.value = 'failed';
      later(PROMPT_TIMEOUT_MS, close);
    }
  }

  return { phase, ticketId, number, level, reason, failure, use, open, close, follow, choose, back, submit };
});
