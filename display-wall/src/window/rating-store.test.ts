import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { window3 } from '../testing/fixtures.ts';
import { fakeHallClient } from '../testing/hall-client.ts';
import { PROMPT_TIMEOUT_MS, THANKS_MS, useRatingStore } from './rating-store.ts';

/** A hall taking ratings; `failures` are thrown by the first sends in turn. */
function fakeApi(failures: Error[] = []) {
  const sent: { ticketId: string; level: number; reason?: string }[] = [];
  const api = fakeHallClient({
    rateTicket({ params, body }) {
      sent.push({ ticketId: params.ticketId, ...body });
      const failure = failures.shift();
      if (failure) throw failure;
      return { ticketId: params.ticketId, level: body.level, label: { 'zh-CN': '满意', en: 'Satisfied' }, at: '2025-03-03T02:00:00.000Z' };
    },
  });
  return { api, sent };
}

const serving = window3({ current: { ticketId: 't-A012', number: 'A012', serviceCode: 'CRJ-001', status: 'serving' } });
const finished = window3({ lastFinishedTicketId: 't-A012' });
/** A012 finished and A013 called at once (call next). */
const callingNext = window3({ lastFinishedTicketId: 't-A012', current: { ticketId: 't-A013', number: 'A013', serviceCode: 'CRJ-001', status: 'called' } });

/** The prompt open on window 3 for A012, just finished, with a hall taking ratings. */
function promptForA012(failures: Error[] = []) {
  const { api, sent } = fakeApi(failures);
  const rating = useRatingStore();
  rating.use(api);
  rating.follow(3, finished, serving);
  return { rating, sent };
}

describe('the 好差评 prompt', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('opens when the window finishes its ticket and nobody is called next', () => {
    const { rating } = promptForA012();
    expect(rating.phase).toBe('choose');
    expect(rating.ticketId).toBe('t-A012');
    expect(rating.number).toBe('A012');
  });

  it('does not open for another window, or when call-next finished the ticket and called the next', () => {
    const rating = useRatingStore();
    rating.follow(4, finished, serving);
    rating.follow(3, callingNext, serving);
    expect(rating.phase).toBe('idle');
  });

  it('a satisfied visitor rates with one tap and is thanked, then the prompt goes', async () => {
    const { rating, sent } = promptForA012();
    rating.choose(5);
    await vi.waitFor(() => expect(rating.phase).toBe('thanks'));
    expect(sent).toEqual([{ ticketId: 't-A012', level: 5 }]);
    vi.advanceTimersByTime(THANKS_MS);
    expect(rating.phase).toBe('idle');
  });

  it('the two bad levels ask for a reason before anything is sent', async () => {
    const { rating, sent } = promptForA012();
    rating.choose(2);
    expect(rating.phase).toBe('reason');
    await rating.submit();
    expect(sent).toEqual([]);
    rating.reason = '等候时间太长';
    await rating.submit();
    expect(sent).toEqual([{ ticketId: 't-A012', level: 2, reason: '等候时间太长' }]);
    expect(rating.phase).toBe('thanks');
  });

  it('a ticket already rated is thanked calmly, not shown an error', async () => {
    const { rating } = promptForA012([new HallRefusal(409, 'ALREADY_RATED', 'The service has been rated')]);
    rating.choose(4);
    await vi.waitFor(() => expect(rating.phase).toBe('already'));
  });

  it('a network failure keeps the prompt so the visitor can try again', async () => {
    const { rating, sent } = promptForA012([new HallUnreachableError('POST /tickets/{ticketId}/rating: fetch failed')]);
    rating.choose(3);
    await vi.waitFor(() => expect(rating.phase).toBe('failed'));
    expect(rating.failure).toEqual({ code: 'UNREACHABLE' });
    rating.choose(3);
    await vi.waitFor(() => expect(rating.phase).toBe('thanks'));
    expect(sent).toHaveLength(2);
  });

  it('goes away after a minute without an answer', () => {
    const { rating } = promptForA012();
    vi.advanceTimersByTime(PROMPT_TIMEOUT_MS - 1);
    expect(rating.phase).toBe('choose');
    vi.advanceTimersByTime(1);
    expect(rating.phase).toBe('idle');
  });

  it('closes when the window calls the next visitor', () => {
    const { rating } = promptForA012();
    rating.follow(3, callingNext, finished);
    expect(rating.phase).toBe('idle');
  });
});
