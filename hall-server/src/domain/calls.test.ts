import { describe, it, expect } from 'vitest';
import { CALL_GUARD_MS } from './calls.ts';
import { counter, createTestHall, manager, refusal } from './testing.ts';

describe('who may call at a window', () => {
  it('refuses to call at a paused window', () => {
    const hall = createTestHall();
    hall.issue('social');
    hall.exec({ type: 'pauseWindow', windowNo: 2, reason: '系统故障' }, counter(2));
    expect(refusal(() => hall.callNext(2))).toBe('WINDOW_PAUSED');
    expect(hall.waiting('social')).toEqual(['B001']);
  });

  it('refuses to call at a closed window', () => {
    const hall = createTestHall();
    const t = hall.issue('social');
    hall.exec({ type: 'closeWindow', windowNo: 2 }, counter(2));
    expect(refusal(() => hall.callNext(2))).toBe('WINDOW_CLOSED');
    expect(refusal(() => hall.exec({ type: 'callTicket', windowNo: 2, ticketId: t.id }, counter(2)))).toBe('WINDOW_CLOSED');
  });

  it('refuses a counter terminal that acts for another window', () => {
    const hall = createTestHall();
    hall.issue('social');
    expect(refusal(() => hall.callNext(2, counter(1)))).toBe('WRONG_WINDOW');
    expect(hall.waiting('social')).toEqual(['B001']);
  });

  it('lets a manager call at any window', () => {
    const hall = createTestHall();
    hall.issue('social');
    expect(hall.callNext(2, manager)).toMatchObject({ number: 'B001', windowNo: 2 });
  });
});

describe('calling the next ticket', () => {
  it('marks the ticket called at the window and makes it the window’s current ticket', () => {
    const hall = createTestHall();
    const t = hall.issue('social');
    hall.advance(2);
    const called = hall.callNext(2)!;
    expect(called).toMatchObject({ id: t.id, status: 'called', windowNo: 2, calledAt: hall.now() });
    expect(hall.window(2).currentTicketId).toBe(t.id);
    expect(hall.waiting('social')).toEqual([]);
  });

  it('refuses a second call within 3 s as a double click, and calls again after', () => {
    const hall = createTestHall();
    const first = hall.issue('social');
    hall.issue('social');
    expect(hall.callNext(2)?.number).toBe('B001');
    hall.advance((CALL_GUARD_MS - 1) / 60_000);
    expect(refusal(() => hall.callNext(2))).toBe('ALREADY_CALLED');
    expect(hall.window(2).currentTicketId).toBe(first.id);
    expect(hall.ticket(first.id).status).toBe('called');
    hall.advance(1 / 60_000);
    expect(hall.callNext(2)?.number).toBe('B002');
  });

  it('refuses a second call within 3 s of a recall too', () => {
    const hall = createTestHall();
    hall.issueAndCall('social', 2);
    hall.issue('social');
    hall.advance(1);
    hall.exec({ type: 'recallTicket', windowNo: 2 }, counter(2));
    hall.advance(1 / 60);
    expect(refusal(() => hall.callNext(2))).toBe('ALREADY_CALLED');
  });

  it('finishes the window’s current ticket before calling the next', () => {
    const hall = createTestHall();
    const first = hall.issueAndCall('social', 2);
    hall.issue('social');
    hall.advance(6);
    expect(hall.callNext(2)?.number).toBe('B002');
    expect(hall.ticket(first.id)).toMatchObject({ status: 'finished', finishedAt: hall.now() });
    expect(hall.window(2).lastFinishedTicketId).toBe(first.id);
  });

  it('finishes the current ticket and frees the window when no one else waits', () => {
    const hall = createTestHall();
    const first = hall.issueAndCall('social', 2);
    hall.advance(6);
    expect(hall.callNext(2)).toBeUndefined();
    expect(hall.ticket(first.id).status).toBe('finished');
    expect(hall.window(2).currentTicketId).toBeUndefined();
  });
});

describe('calling a particular ticket', () => {
  it('calls the chosen ticket out of turn', () => {
    const hall = createTestHall();
    hall.issue('social');
    const second = hall.issue('social');
    expect(hall.exec({ type: 'callTicket', windowNo: 2, ticketId: second.id }, counter(2))).toMatchObject({ number: 'B002', status: 'called' });
    expect(hall.waiting('social')).toEqual(['B001']);
  });

  it('refuses a ticket already at another window as taken', () => {
    const hall = createTestHall({
      windows: [
        { no: 2, name: '2号窗口', services: [{ code: 'social' }], initialState: 'open' },
        { no: 6, name: '6号窗口', services: [{ code: 'social' }], initialState: 'open' },
      ],
    });
    const t = hall.issueAndCall('social', 2);
    expect(refusal(() => hall.exec({ type: 'callTicket', windowNo: 6, ticketId: t.id }, counter(6)))).toBe('TICKET_TAKEN');
    expect(hall.ticket(t.id).windowNo).toBe(2);
  });

  it('refuses a ticket of a service the window does not serve', () => {
    const hall = createTestHall();
    const t = hall.issue('hukou');
    expect(refusal(() => hall.exec({ type: 'callTicket', windowNo: 2, ticketId: t.id }, counter(2)))).toBe('SERVICE_NOT_AT_WINDOW');
  });

  it('refuses a ticket that is no longer waiting', () => {
    const hall = createTestHall();
    const t = hall.issue('social');
    hall.exec({ type: 'cancelTicket', ticketId: t.id, reason: '群众离开' });
    expect(refusal(() => hall.exec({ type: 'callTicket', windowNo: 2, ticketId: t.id }, counter(2)))).toBe('TICKET_NOT_WAITING');
    expect(refusal(() => hall.exec({ type: 'callTicket', windowNo: 2, ticketId: 'nobody' }, counter(2)))).toBe('TICKET_NOT_FOUND');
  });
});

describe('recall, start, finish and no-show', () => {
  it('counts each recall and calls the same ticket again', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    hall.advance(1);
    expect(hall.exec({ type: 'recallTicket', windowNo: 2 }, counter(2))).toMatchObject({ id: t.id, recallCount: 1, calledAt: hall.now() });
    hall.advance(1);
    hall.exec({ type: 'recallTicket', windowNo: 2 }, counter(2));
    expect(hall.ticket(t.id)).toMatchObject({ status: 'called', recallCount: 2 });
  });

  it('has nothing to recall when the window has no called ticket', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.exec({ type: 'recallTicket', windowNo: 2 }, counter(2)))).toBe('NOTHING_TO_RECALL');
  });

  it('starts serving a called ticket, and finishing it frees the window', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    hall.advance(1);
    expect(hall.exec({ type: 'startService', ticketId: t.id }, counter(2))).toMatchObject({ status: 'serving', servingAt: hall.now() });
    hall.advance(7);
    expect(hall.exec({ type: 'finishTicket', ticketId: t.id }, counter(2))).toMatchObject({ status: 'finished', finishedAt: hall.now() });
    expect(hall.window(2)).toMatchObject({ currentTicketId: undefined, lastFinishedTicketId: t.id });
  });

  it('refuses to finish a ticket that is still waiting', () => {
    const hall = createTestHall();
    const t = hall.issue('social');
    expect(refusal(() => hall.exec({ type: 'finishTicket', ticketId: t.id }, counter(2)))).toBe('NOT_CURRENT_TICKET');
  });

  it('refuses to finish a ticket handled at another window', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    expect(refusal(() => hall.exec({ type: 'finishTicket', ticketId: t.id }, counter(1)))).toBe('TICKET_TAKEN');
    expect(hall.ticket(t.id).status).toBe('called');
  });

  it('marks a called ticket a no-show and frees the window', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    hall.advance(2);
    expect(hall.exec({ type: 'skipTicket', ticketId: t.id }, counter(2))).toMatchObject({ status: 'no-show', noShowAt: hall.now() });
    expect(hall.window(2).currentTicketId).toBeUndefined();
  });

  it('does not mark a ticket in service a no-show', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    hall.exec({ type: 'startService', ticketId: t.id }, counter(2));
    expect(refusal(() => hall.exec({ type: 'skipTicket', ticketId: t.id }, counter(2)))).toBe('NOT_CALLED');
  });
});
