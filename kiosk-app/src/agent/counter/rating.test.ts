import { describe, expect, it } from 'vitest';
import { TimeoutError, type RatingResult } from '@hall/drivers';
import type { RatingProgress } from '../../shared/kiosk-api.ts';
import type { RatingQuestion } from '../devices/window-line.ts';
import { silentAgentLogger } from '../log.ts';
import { refusal, unreachable } from '../testing/fake-hall.ts';
import { RatingFollowUp, type RatingBody } from './rating.ts';

const A012 = { id: 't-A012', number: 'A012' };
const A013 = { id: 't-A013', number: 'A013' };
const CLERK = { staffNo: '1003', name: '王芳' };

/** An evaluator whose questions the test answers, and a hall that records what it is sent. */
function rig(options: { evaluator?: boolean; record?: (ticketId: string, body: RatingBody) => Promise<unknown> } = {}) {
  const questions: { q: RatingQuestion; answer: (r: RatingResult) => void; fail: (err: Error) => void }[] = [];
  const recorded: [string, RatingBody][] = [];
  const seen: RatingProgress[] = [];
  const rating: RatingFollowUp = new RatingFollowUp({
    evaluator: {
      hasEvaluator: options.evaluator ?? true,
      askRating: (q) =>
        new Promise((answer, fail) => {
          questions.push({ q, answer, fail });
          q.signal?.addEventListener('abort', () => fail(new Error('withdrawn')));
        }),
    },
    record: options.record ?? (async (ticketId, body) => void recorded.push([ticketId, body])),
    timeoutMs: 60_000,
    log: silentAgentLogger,
    onChange: () => seen.push(rating.progress),
  });
  const asked = async (n: number) => {
    while (questions.length < n) await new Promise((r) => setTimeout(r, 1));
    return questions[n - 1]!;
  };
  return { rating, questions, recorded, seen, asked };
}

describe('the rating after a service', () => {
  it('the evaluator asks the visitor, with the clerk shown, and the level chosen reaches the hall', async () => {
    const { rating, recorded, seen, asked } = rig();
    rating.ask(A012, CLERK);
    expect(rating.progress).toEqual({ state: 'asking', ticketId: A012.id, number: 'A012' });
    const question = await asked(1);
    expect(question.q).toMatchObject({ clerk: '王芳', clerkId: '1003', timeoutMs: 60_000 });
    expect(question.q.prompt).toContain('A012');
    question.answer({ level: 2, levelName: '不满意', reasonCode: 1, reason: '等候时间长' });
    await rating.idle();
    expect(recorded).toEqual([[A012.id, { level: 2, reason: '等候时间长' }]]);
    expect(seen.map((p) => p.state)).toEqual(['asking', 'rated']);
    expect(rating.progress).toEqual({ state: 'rated', ticketId: A012.id, number: 'A012', level: 2 });
  });

  it('without an evaluator the window screen asks, and nothing is posted from here', async () => {
    const { rating, questions, recorded } = rig({ evaluator: false });
    rating.ask(A012, CLERK);
    await rating.idle();
    expect(rating.progress).toEqual({ state: 'window-screen', ticketId: A012.id, number: 'A012' });
    expect(questions).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('a visitor who does not answer in time is noted as no answer', async () => {
    const { rating, asked } = rig();
    rating.ask(A012, CLERK);
    (await asked(1)).fail(new TimeoutError('no rating'));
    await rating.idle();
    expect(rating.progress.state).toBe('no-answer');
  });

  it('a rating the window screen already took counts as rated; one the hall could not take, as failed', async () => {
    const taken = rig({ record: () => Promise.reject(refusal(409, 'ALREADY_RATED')) });
    taken.rating.ask(A012, CLERK);
    (await taken.asked(1)).answer({ level: 5, levelName: '非常满意' });
    await taken.rating.idle();
    expect(taken.rating.progress).toEqual({ state: 'rated', ticketId: A012.id, number: 'A012' });

    const gone = rig({ record: () => Promise.reject(unreachable()) });
    gone.rating.ask(A012, CLERK);
    (await gone.asked(1)).answer({ level: 5, levelName: '非常满意' });
    await gone.rating.idle();
    expect(gone.rating.progress.state).toBe('failed');
  });

  it('the next visitor’s question withdraws the one still open, and is asked only once it is withdrawn', async () => {
    const { rating, questions, recorded, asked } = rig();
    rating.ask(A012, CLERK);
    const first = await asked(1);
    rating.ask(A013, CLERK);
    expect(first.q.signal?.aborted).toBe(true);
    const second = await asked(2);
    expect(second.q.prompt).toContain('A013');
    second.answer({ level: 4, levelName: '满意' });
    await rating.idle();
    expect(questions).toHaveLength(2);
    expect(recorded).toEqual([[A013.id, { level: 4 }]]);
    expect(rating.progress).toMatchObject({ state: 'rated', number: 'A013' });
  });

  it('a terminal shutting down withdraws the question and reports nothing more', async () => {
    const { rating, seen, asked } = rig();
    rating.ask(A012, CLERK);
    const question = await asked(1);
    rating.dispose();
    expect(question.q.signal?.aborted).toBe(true);
    await rating.idle();
    expect(seen.map((p) => p.state)).toEqual(['asking']);
  });
});
