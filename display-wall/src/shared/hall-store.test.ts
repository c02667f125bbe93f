import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { called, fakeLink, snapshot, window3, type FakeLink } from '../testing/fixtures.ts';
import { useHallStore } from './hall-store.ts';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the hall as a display sees it', () => {
  let link: FakeLink;
  let hall: ReturnType<typeof useHallStore>;
  beforeEach(() => {
    setActivePinia(createPinia());
    link = fakeLink();
    hall = useHallStore();
    hall.attach(link);
    link.connection({ online: true });
    link.emit('queue:snapshot', snapshot(10));
  });

  it('a call shows its number at its window and on top of the recent calls', () => {
    link.emit('ticket:called', called(11, 'A012'));
    expect(hall.seq).toBe(11);
    expect(hall.lastCall?.number).toBe('A012');
    expect(hall.windows[3]?.current?.number).toBe('A012');
    expect(hall.services.find((s) => s.code === 'CRJ-001')?.waiting).toBe(3);
    expect(link.snapshotRequests).toBe(0);
  });

  it('several messages of one change share a seq and all apply', () => {
    link.emit('window:updated', {
      ...window3({ current: { ticketId: 't-A012', number: 'A012', serviceCode: 'CRJ-001', status: 'called' } }),
      seq: 11,
      change: 'released',
    });
    link.emit('ticket:called', called(11, 'A012'));
    expect(hall.lastCall?.number).toBe('A012');
    expect(link.snapshotRequests).toBe(0);
  });

  it('an event past a gap in seq asks for a snapshot and takes it', async () => {
    link.nextSnapshot = snapshot(14, { recentCalls: [called(14, 'B007')] });
    link.emit('ticket:called', called(13, 'A013'));
    await flush();
    expect(link.snapshotRequests).toBe(1);
    expect(hall.seq).toBe(14);
    expect(hall.lastCall?.number).toBe('B007');
  });

  it('a hall:seq with a gap asks for a snapshot too', () => {
    link.emit('hall:seq', { seq: 12 });
    expect(link.snapshotRequests).toBe(1);
  });

  it('an event older than the last seq is ignored', () => {
    link.emit('ticket:called', called(11, 'A012'));
    link.emit('ticket:called', called(9, 'A001', 5));
    link.emit('queue:updated', {
      seq: 8,
      services: [{ code: 'CRJ-001', waiting: 99, longestWaitS: 0, estimatedWaitMinutes: 0, windowsOpen: 1, issuedToday: 0 }],
    });
    expect(hall.lastCall?.number).toBe('A012');
    expect(hall.services.find((s) => s.code === 'CRJ-001')?.waiting).toBe(3);
    expect(hall.seq).toBe(11);
  });

  it('a call is told to listeners once, even when it is delivered again', () => {
    const heard: string[] = [];
    hall.onCall((c) => heard.push(c.number));
    const call = called(11, 'A012');
    link.emit('ticket:called', call);
    link.emit('ticket:called', call);
    link.emit('ticket:called', called(12, 'A012', 3, { recall: true, recallCount: 1, calledAt: '2025-03-03T02:09:30.000Z' }));
    expect(heard).toEqual(['A012', 'A012']);
  });

  it('calls a snapshot lists are shown but never told as new', () => {
    const heard: string[] = [];
    hall.onCall((c) => heard.push(c.number));
    link.emit('queue:snapshot', snapshot(20, { recentCalls: [called(19, 'C003')] }));
    expect(hall.lastCall?.number).toBe('C003');
    expect(heard).toEqual([]);
  });

  it('losing the connection sets the offline flag and getting it back clears it', () => {
    expect(hall.online).toBe(true);
    link.connection({ online: false });
    expect(hall.online).toBe(false);
    link.connection({ online: true });
    expect(hall.online).toBe(true);
  });

  it('a rebuilt hall whose seq started again is taken on reconnect', () => {
    link.emit('ticket:called', called(11, 'A012'));
    link.connection({ online: false });
    link.connection({ online: true });
    link.emit('queue:snapshot', snapshot(2));
    expect(hall.seq).toBe(2);
    expect(hall.lastCall).toBeUndefined();
  });

  it('a refused token is kept to be shown', () => {
    link.connection({ online: false, error: 'UNAUTHENTICATED' });
    expect(hall.refusal).toBe('UNAUTHENTICATED');
  });

  it('a window update replaces the window and tells listeners what it was before', () => {
    const seen: [string | undefined, string | undefined][] = [];
    hall.onWindow((w, prev) => seen.push([w.lastFinishedTicketId, prev?.lastFinishedTicketId]));
    link.emit('window:updated', { ...window3({ lastFinishedTicketId: 't-A012' }), seq: 11, change: 'released' });
    expect(hall.windows[3]?.lastFinishedTicketId).toBe('t-A012');
    expect(seen).toEqual([['t-A012', undefined]]);
  });
});
