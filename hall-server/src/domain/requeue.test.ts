import { describe, it, expect } from 'vitest';
import type { Ticket } from './model.ts';
import { adultVisitor, counter, createTestHall, refusal, testWindows, type TestHall } from './testing.ts';

/** Issues `count` social-insurance tickets a minute apart. */
function issueSocial(hall: TestHall, count: number): Ticket[] {
  const tickets: Ticket[] = [];
  for (let i = 0; i < count; i++) {
    tickets.push(hall.issue('social'));
    hall.advance(1);
  }
  return tickets;
}

/** Calls the first waiting ticket at window 2 and marks it a no-show. */
function noShow(hall: TestHall): Ticket {
  const t = hall.callNext(2)!;
  hall.advance(2);
  return hall.exec<Ticket>({ type: 'skipTicket', ticketId: t.id }, counter(2));
}

describe('reactivating a no-show', () => {
  it('a no-show reactivated within 30 min rejoins three places back', () => {
    const hall = createTestHall();
    issueSocial(hall, 6);
    const skipped = noShow(hall);
    hall.advance(20);
    expect(hall.exec({ type: 'reactivateTicket', ticketId: skipped.id })).toMatchObject({ number: 'B001', status: 'waiting' });
    expect(hall.waiting('social')).toEqual(['B002', 'B003', 'B004', 'B001', 'B005', 'B006']);
    expect(hall.callSequence(2, 6)).toEqual(['B002', 'B003', 'B004', 'B001', 'B005', 'B006']);
  });

  it('rejoins three places back also when the tickets ahead were issued in the same millisecond', () => {
    const hall = createTestHall();
    for (let i = 0; i < 6; i++) hall.issue('social');
    const skipped = noShow(hall);
    hall.exec({ type: 'reactivateTicket', ticketId: skipped.id });
    expect(hall.callSequence(2, 6)).toEqual(['B002', 'B003', 'B004', 'B001', 'B005', 'B006']);
  });

  it('can be reactivated exactly at the limit, but not after it', () => {
    const hall = createTestHall();
    issueSocial(hall, 3);
    const first = noShow(hall);
    hall.advance(30);
    expect(hall.exec<Ticket>({ type: 'reactivateTicket', ticketId: first.id }).status).toBe('waiting');

    const second = noShow(hall);
    hall.advance(30 + 1 / 60);
    expect(refusal(() => hall.exec({ type: 'reactivateTicket', ticketId: second.id }))).toBe('REACTIVATION_EXPIRED');
    expect(hall.ticket(second.id).status).toBe('no-show');
  });

  it('follows the configured limit and number of places', () => {
    const hall = createTestHall({ rules: { noShow: { placesBack: 1, withinMinutes: 5 } } });
    issueSocial(hall, 4);
    const skipped = noShow(hall);
    hall.advance(5);
    hall.exec({ type: 'reactivateTicket', ticketId: skipped.id });
    expect(hall.waiting('social')).toEqual(['B002', 'B001', 'B003', 'B004']);
    const late = noShow(hall);
    hall.advance(6);
    expect(refusal(() => hall.exec({ type: 'reactivateTicket', ticketId: late.id }))).toBe('REACTIVATION_EXPIRED');
  });

  it('goes to the back when fewer than three are waiting', () => {
    const hall = createTestHall();
    issueSocial(hall, 3);
    const skipped = noShow(hall);
    hall.exec({ type: 'reactivateTicket', ticketId: skipped.id });
    expect(hall.waiting('social')).toEqual(['B002', 'B003', 'B001']);
  });

  it('goes to the front with zero places back', () => {
    const hall = createTestHall({ rules: { noShow: { placesBack: 0, withinMinutes: 30 } } });
    issueSocial(hall, 3);
    const skipped = noShow(hall);
    hall.exec({ type: 'reactivateTicket', ticketId: skipped.id });
    hall.advance(1);
    expect(hall.callNext(2)?.number).toBe('B001');
  });

  it('is refused for a ticket that is not a no-show', () => {
    const hall = createTestHall();
    const [t] = issueSocial(hall, 1);
    expect(refusal(() => hall.exec({ type: 'reactivateTicket', ticketId: t!.id }))).toBe('NOT_NO_SHOW');
  });
});

describe('transferring a ticket to another service', () => {
  /** hukou ticket A001 at 09:05 between social tickets B001 (09:00) and B002 (09:10), called at window 1 at 09:20. */
  function hukouAtWindowOne(hall: TestHall): Ticket {
    hall.issue('social');
    hall.advance(5);
    const a = hall.issue('hukou', { identity: adultVisitor(1) });
    hall.advance(5);
    hall.issue('social');
    hall.setClock('2026-11-23T09:20:00+08:00');
    hall.callNext(1);
    hall.advance(3);
    return a;
  }

  it('closes the old ticket as transferred and queues a new one with the same number', () => {
    const hall = createTestHall();
    const a = hukouAtWindowOne(hall);
    const moved = hall.exec<Ticket>({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'social', note: '需先办社保' }, counter(1));
    expect(moved).toMatchObject({ number: 'A001', serviceCode: 'social', status: 'waiting', transferredFrom: a.id, transferNote: '需先办社保' });
    expect(moved.id).not.toBe(a.id);
    expect(hall.ticket(a.id)).toMatchObject({ status: 'transferred', transferredTo: moved.id });
    expect(hall.window(1).currentTicketId).toBeUndefined();
  });

  it('keeps the visitor’s identity on the new ticket, so a duplicate in the new service is still refused', () => {
    const hall = createTestHall();
    const a = hukouAtWindowOne(hall);
    hall.exec({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'social' }, counter(1));
    expect(refusal(() => hall.issue('social', { identity: adultVisitor(1) }))).toBe('DUPLICATE_TICKET');
    expect(hall.issue('hukou', { identity: adultVisitor(1) }).number).toBe('A002');
  });

  it('with placement front is called next at a window of the new service', () => {
    const hall = createTestHall();
    const a = hukouAtWindowOne(hall);
    hall.exec({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'social', placement: 'front' }, counter(1));
    expect(hall.callSequence(2, 3)).toEqual(['A001', 'B001', 'B002']);
  });

  it('with placement keep keeps its original place', () => {
    const hall = createTestHall();
    const a = hukouAtWindowOne(hall);
    hall.exec({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'social', placement: 'keep' }, counter(1));
    expect(hall.waiting('social')).toEqual(['B001', 'A001', 'B002']);
    expect(hall.callSequence(2, 3)).toEqual(['B001', 'A001', 'B002']);
  });

  it('takes the hall’s placement rule when the transfer names none', () => {
    const front = createTestHall();
    front.exec({ type: 'transferTicket', ticketId: hukouAtWindowOne(front).id, toServiceCode: 'social' }, counter(1));
    expect(front.waiting('social')).toEqual(['A001', 'B001', 'B002']);

    const keep = createTestHall({ rules: { transferPlacement: 'keep' } });
    keep.exec({ type: 'transferTicket', ticketId: hukouAtWindowOne(keep).id, toServiceCode: 'social' }, counter(1));
    expect(keep.waiting('social')).toEqual(['B001', 'A001', 'B002']);
  });

  it('keeps the max-wait clock running with placement keep', () => {
    const hall = createTestHall();
    const a = hukouAtWindowOne(hall);
    const moved = hall.exec<Ticket>({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'social', placement: 'keep' }, counter(1));
    expect(moved.waitingSince).toBe(a.waitingSince);
  });

  it('lets a manager move a ticket that is still waiting, but not a counter', () => {
    const hall = createTestHall();
    const t = hall.issue('hukou');
    expect(refusal(() => hall.exec({ type: 'transferTicket', ticketId: t.id, toServiceCode: 'social' }, counter(1)))).toBe('NOT_CURRENT_TICKET');
    expect(hall.exec<Ticket>({ type: 'transferTicket', ticketId: t.id, toServiceCode: 'social' }).serviceCode).toBe('social');
    expect(hall.waiting('hukou')).toEqual([]);
    expect(hall.waiting('social')).toEqual(['A001']);
  });

  it('refuses a transfer by a counter that is not handling the ticket', () => {
    const hall = createTestHall();
    const a = hukouAtWindowOne(hall);
    expect(refusal(() => hall.exec({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'social' }, counter(2)))).toBe('WRONG_WINDOW');
  });

  it('refuses a transfer without a target, to the same queue, or of a closed ticket', () => {
    const hall = createTestHall();
    const a = hukouAtWindowOne(hall);
    expect(refusal(() => hall.exec({ type: 'transferTicket', ticketId: a.id }, counter(1)))).toBe('TRANSFER_TARGET_REQUIRED');
    expect(refusal(() => hall.exec({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'hukou' }, counter(1)))).toBe('TRANSFER_TO_SAME');
    expect(refusal(() => hall.exec({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'marriage' }, counter(1)))).toBe('UNKNOWN_SERVICE');
    hall.exec({ type: 'finishTicket', ticketId: a.id }, counter(1));
    expect(refusal(() => hall.exec({ type: 'transferTicket', ticketId: a.id, toServiceCode: 'social' }))).toBe('NOT_TRANSFERABLE');
  });
});

describe('transferring a ticket to a window', () => {
  const windows = [...testWindows(), { no: 5, name: '5号窗口', services: [{ code: 'hukou' }], initialState: 'open' as const }];

  it('is called only by that window', () => {
    const hall = createTestHall({ windows });
    const a1 = hall.issue('hukou');
    hall.advance(1);
    hall.issue('hukou');
    hall.advance(1);
    hall.exec({ type: 'transferTicket', ticketId: a1.id, toWindowNo: 5 });
    expect(hall.callSequence(1, 2)).toEqual(['A002']);
    expect(hall.callNext(5)?.number).toBe('A001');
  });

  it('can be called by a window that does not serve its service', () => {
    const hall = createTestHall({ windows });
    const a1 = hall.issue('hukou');
    hall.exec({ type: 'transferTicket', ticketId: a1.id, toWindowNo: 2, note: '请到2号窗口补充材料' });
    expect(hall.callNext(5)).toBeUndefined();
    expect(hall.callNext(2)).toMatchObject({ number: 'A001', serviceCode: 'hukou', windowNo: 2, targetWindowNo: undefined });
  });

  it('refuses another window calling it by hand', () => {
    const hall = createTestHall({ windows });
    const a1 = hall.issue('hukou');
    const moved = hall.exec<Ticket>({ type: 'transferTicket', ticketId: a1.id, toWindowNo: 5 });
    expect(refusal(() => hall.exec({ type: 'callTicket', windowNo: 1, ticketId: moved.id }, counter(1)))).toBe('TICKET_FOR_OTHER_WINDOW');
    expect(hall.exec<Ticket>({ type: 'callTicket', windowNo: 5, ticketId: moved.id }, counter(5)).windowNo).toBe(5);
  });

  it('refuses an unknown window', () => {
    const hall = createTestHall({ windows });
    const a1 = hall.issue('hukou');
    expect(refusal(() => hall.exec({ type: 'transferTicket', ticketId: a1.id, toWindowNo: 99 }))).toBe('WINDOW_NOT_FOUND');
  });
});

describe('cancelling a ticket', () => {
  it('takes a waiting ticket out of its queue with the reason', () => {
    const hall = createTestHall();
    const [t] = issueSocial(hall, 2);
    expect(hall.exec({ type: 'cancelTicket', ticketId: t!.id, reason: '群众离开' })).toMatchObject({ status: 'cancelled', cancelReason: '群众离开' });
    expect(hall.waiting('social')).toEqual(['B002']);
  });

  it('refuses a ticket that has been called', () => {
    const hall = createTestHall();
    const [t] = issueSocial(hall, 1);
    hall.callNext(2);
    expect(refusal(() => hall.exec({ type: 'cancelTicket', ticketId: t!.id, reason: '群众离开' }))).toBe('TICKET_NOT_WAITING');
  });
});
