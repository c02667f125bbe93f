import { describe, it, expect } from 'vitest';
import type { Ticket } from './model.ts';
import { citizen, counter, createTestHall, idNumberBornOn, kiosk, manager, refusal, testServices } from './testing.ts';

const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], ranges: [{ from: '00:00', to: '24:00' }] };

describe('ticket numbers', () => {
  it('are the service prefix and a three-digit daily sequence', () => {
    const hall = createTestHall();
    expect(hall.issue('hukou').number).toBe('A001');
    expect(hall.issue('hukou').number).toBe('A002');
    expect(hall.issue('social').number).toBe('B001');
    expect(hall.issue('hukou').number).toBe('A003');
  });

  it('share one sequence between services with the same prefix', () => {
    const hall = createTestHall();
    expect(hall.issue('hukou').number).toBe('A001');
    expect(hall.issue('hukou-move').number).toBe('A002');
    expect(hall.issue('hukou').number).toBe('A003');
  });

  it('restart at local midnight in the hall zone, not at midnight UTC', () => {
    const hall = createTestHall({ rules: { issuingHours: ALL_DAY }, start: '2026-11-23T07:50:00Z' });
    expect(hall.issue('hukou').number).toBe('A001');
    hall.setClock('2026-11-23T15:59:00Z'); // 23:59 in Shanghai
    expect(hall.issue('hukou')).toMatchObject({ number: 'A002', day: '2026-11-23' });
    hall.setClock('2026-11-23T16:00:00Z'); // 00:00 on the 24th in Shanghai, still the 23rd in UTC
    expect(hall.issue('hukou')).toMatchObject({ number: 'A001', day: '2026-11-24' });
  });

  it('with a reset at 04:00 carry on through 02:00 and restart at 04:00', () => {
    const hall = createTestHall({ rules: { issuingHours: ALL_DAY, dailyResetAt: '04:00' } });
    expect(hall.issue('hukou').number).toBe('A001');
    hall.setClock('2026-11-24T02:00:00+08:00');
    expect(hall.issue('hukou')).toMatchObject({ number: 'A002', day: '2026-11-23' });
    hall.setClock('2026-11-24T04:00:00+08:00');
    expect(hall.issue('hukou')).toMatchObject({ number: 'A001', day: '2026-11-24' });
  });

  it('follow the configured zone: a hall in Urumqi time restarts two hours after one in Shanghai', () => {
    const hall = createTestHall({ timeZone: 'Asia/Urumqi', rules: { issuingHours: ALL_DAY }, start: '2026-11-23T17:00:00+08:00' });
    expect(hall.issue('hukou').number).toBe('A001');
    hall.setClock('2026-11-24T00:30:00+08:00'); // 22:30 on the 23rd in Urumqi (UTC+6)
    expect(hall.issue('hukou').number).toBe('A002');
    hall.setClock('2026-11-24T02:00:00+08:00'); // midnight in Urumqi
    expect(hall.issue('hukou')).toMatchObject({ number: 'A001', day: '2026-11-24' });
  });

  it('never repeat within a day, whatever becomes of the tickets', () => {
    const hall = createTestHall();
    const numbers: string[] = [];
    for (let i = 0; i < 40; i++) {
      hall.advance(0.25);
      const t = hall.issue(i % 3 === 0 ? 'hukou-move' : 'hukou');
      numbers.push(t.number);
      if (i % 5 === 0) hall.exec({ type: 'cancelTicket', ticketId: t.id, reason: '群众离开' });
      if (i % 7 === 0) hall.callNext(1);
    }
    expect(new Set(numbers).size).toBe(40);
    expect(numbers.at(-1)).toBe('A040');
  });

  it('are not used up by a refused request', () => {
    const services = testServices().map((s) => (s.code === 'hukou' ? { ...s, dailyQuota: 1 } : s));
    const hall = createTestHall({ services });
    expect(hall.issue('hukou').number).toBe('A001');
    expect(refusal(() => hall.issue('hukou'))).toBe('QUOTA_EXCEEDED');
    expect(hall.issue('hukou-move').number).toBe('A002');
  });
});

describe('quotas', () => {
  it('refuse a ticket once the daily quota of the service is used, and only for that service', () => {
    const services = testServices().map((s) => (s.code === 'hukou' ? { ...s, dailyQuota: 2 } : s));
    const hall = createTestHall({ services });
    hall.issue('hukou');
    hall.issue('hukou');
    let details: unknown;
    try {
      hall.issue('hukou');
    } catch (error) {
      details = error;
    }
    expect(details).toMatchObject({ code: 'QUOTA_EXCEEDED', kind: 'conflict', details: { quota: 2 } });
    expect(hall.issue('hukou-move').number).toBe('A003');
  });

  it('count a cancelled ticket against the daily quota', () => {
    const services = testServices().map((s) => (s.code === 'hukou' ? { ...s, dailyQuota: 1 } : s));
    const hall = createTestHall({ services });
    const t = hall.issue('hukou');
    hall.exec({ type: 'cancelTicket', ticketId: t.id, reason: '取错事项' });
    expect(refusal(() => hall.issue('hukou'))).toBe('QUOTA_EXCEEDED');
  });

  it('refuse a ticket once a time slot’s quota is used, and issue again when the slot is over', () => {
    const services = testServices().map((s) => (s.code === 'social' ? { ...s, slotQuotas: [{ from: '09:00', to: '10:00', quota: 2 }] } : s));
    const hall = createTestHall({ services });
    hall.issue('social');
    hall.advance(30);
    hall.issue('social');
    hall.advance(29);
    expect(refusal(() => hall.issue('social'))).toBe('SLOT_QUOTA_EXCEEDED');
    hall.advance(1); // 10:00
    expect(hall.issue('social').number).toBe('B003');
  });

  it('leave a zero daily quota with no ticket at all', () => {
    const services = testServices().map((s) => (s.code === 'company' ? { ...s, dailyQuota: 0 } : s));
    const hall = createTestHall({ services });
    expect(refusal(() => hall.issue('company'))).toBe('QUOTA_EXCEEDED');
  });
});

describe('issuing hours', () => {
  it('issue from 08:30 to 12:00 and from 13:30 to 17:30 by default, the end excluded', () => {
    const hall = createTestHall({ start: '2026-11-23T08:29:00+08:00' });
    expect(refusal(() => hall.issue('hukou'))).toBe('OUTSIDE_ISSUING_HOURS');
    hall.setClock('2026-11-23T08:30:00+08:00');
    expect(hall.issue('hukou').number).toBe('A001');
    hall.setClock('2026-11-23T12:00:00+08:00');
    expect(refusal(() => hall.issue('hukou'))).toBe('OUTSIDE_ISSUING_HOURS');
    hall.setClock('2026-11-23T13:30:00+08:00');
    expect(hall.issue('hukou').number).toBe('A002');
    hall.setClock('2026-11-23T17:30:00+08:00');
    expect(refusal(() => hall.issue('hukou'))).toBe('OUTSIDE_ISSUING_HOURS');
  });

  it('refuse tickets on a weekday the hall does not issue on', () => {
    const hall = createTestHall({ start: '2026-11-28T10:00:00+08:00' }); // a Saturday
    expect(refusal(() => hall.issue('hukou'))).toBe('OUTSIDE_ISSUING_HOURS');
  });

  it('read the hours in the hall zone: 02:00 UTC is 10:00 in Shanghai', () => {
    const hall = createTestHall({ start: '2026-11-23T02:00:00Z' });
    expect(hall.issue('hukou').number).toBe('A001');
  });

  it('let a service keep its own hours', () => {
    const services = testServices().map((s) => (s.code === 'company' ? { ...s, issuingHours: { ranges: [{ from: '09:00', to: '11:00' }] } } : s));
    const hall = createTestHall({ services, start: '2026-11-23T11:30:00+08:00' });
    expect(refusal(() => hall.issue('company'))).toBe('OUTSIDE_ISSUING_HOURS');
    expect(hall.issue('hukou').number).toBe('A001');
    hall.setClock('2026-11-28T10:00:00+08:00'); // Saturday: its own hours list every day
    expect(hall.issue('company').number).toBe('D001');
  });
});

describe('one active ticket per person and service', () => {
  const person = citizen(idNumberBornOn('1990-05-06'));

  it('refuses a second ticket for the same service while the first is active', () => {
    const hall = createTestHall();
    const first = hall.issue('hukou', { identity: person });
    let refused: unknown;
    try {
      hall.issue('hukou', { identity: person });
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'DUPLICATE_TICKET', details: { number: first.number } });
  });

  it('still refuses while the first ticket is being served', () => {
    const hall = createTestHall();
    hall.issue('hukou', { identity: person });
    hall.callNext(1);
    expect(refusal(() => hall.issue('hukou', { identity: person }))).toBe('DUPLICATE_TICKET');
  });

  it('allows a ticket for another service at the same time', () => {
    const hall = createTestHall();
    hall.issue('hukou', { identity: person });
    expect(hall.issue('hukou-move', { identity: person }).number).toBe('A002');
  });

  it('allows the same service again once the first ticket is finished', () => {
    const hall = createTestHall();
    const first = hall.issue('hukou', { identity: person });
    hall.callNext(1);
    hall.advance(5);
    hall.exec({ type: 'finishTicket', ticketId: first.id }, counter(1));
    expect(hall.issue('hukou', { identity: person }).number).toBe('A002');
  });

  it('allows the same service again once the first ticket is cancelled', () => {
    const hall = createTestHall();
    const first = hall.issue('hukou', { identity: person });
    hall.exec({ type: 'cancelTicket', ticketId: first.id, reason: '群众离开' });
    expect(hall.issue('hukou', { identity: person }).number).toBe('A002');
  });

  it('never applies to anonymous tickets', () => {
    const hall = createTestHall();
    hall.issue('hukou');
    expect(hall.issue('hukou').number).toBe('A002');
  });
});

describe('the green channel', () => {
  it('puts a visitor who is 65 today in the elderly green channel, from the birth date in the ID number', () => {
    const hall = createTestHall();
    expect(hall.issue('hukou', { identity: citizen(idNumberBornOn('1961-11-23')) }).priority).toBe('elderly');
  });

  it('does not put a visitor who turns 65 tomorrow in it', () => {
    const hall = createTestHall();
    expect(hall.issue('hukou', { identity: citizen(idNumberBornOn('1961-11-24')) }).priority).toBeUndefined();
  });

  it('follows the configured age', () => {
    const hall = createTestHall({ rules: { greenChannelAge: 70 } });
    expect(hall.issue('hukou', { identity: citizen(idNumberBornOn('1958-01-01')) }).priority).toBeUndefined();
    expect(hall.issue('social', { identity: citizen(idNumberBornOn('1956-11-23')) }).priority).toBe('elderly');
  });

  it('is not offered for a service without a green channel', () => {
    const hall = createTestHall();
    expect(hall.issue('company', { identity: citizen(idNumberBornOn('1940-03-01')) }).priority).toBeUndefined();
  });

  it('is granted for disability or military service only on staff’s word: counter, manager, or a kiosk under a staff PIN', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.issue('hukou', { greenChannel: 'disabled', source: 'integration' }, { role: 'integration', name: 'booking' }))).toBe(
      'GREEN_CHANNEL_NEEDS_STAFF',
    );
    expect(hall.issue('hukou-move', { greenChannel: 'disabled' }, kiosk).priority).toBe('disabled');
    expect(hall.issue('hukou', { greenChannel: 'disabled', source: 'counter' }, counter(1)).priority).toBe('disabled');
    expect(hall.issue('social', { greenChannel: 'military', source: 'counter' }, manager).priority).toBe('military');
  });

  it('refuses a staff green channel for a service that has none', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.issue('company', { greenChannel: 'military', source: 'counter' }, counter(4)))).toBe('NO_GREEN_CHANNEL');
  });

  it('does not keep the birth date on the ticket', () => {
    const hall = createTestHall();
    const t: Ticket = hall.issue('hukou', { identity: citizen(idNumberBornOn('1950-01-01')) });
    expect(t.identity).toBeDefined();
    expect(t.identity).not.toHaveProperty('birthDate');
    expect(hall.ticket(t.id).identity).not.toHaveProperty('birthDate');
  });
});

describe('anonymous tickets', () => {
  it('are refused at a kiosk when the hall requires an ID card', () => {
    const hall = createTestHall({ rules: { anonymousTickets: false } });
    expect(refusal(() => hall.issue('hukou'))).toBe('IDENTITY_REQUIRED');
    expect(hall.issue('hukou', { identity: citizen(idNumberBornOn('1990-01-01')) }).number).toBe('A001');
  });

  it('may still be issued by staff at a counter, who have seen the visitor', () => {
    const hall = createTestHall({ rules: { anonymousTickets: false } });
    expect(hall.issue('hukou', { source: 'counter' }, counter(1)).number).toBe('A001');
  });

  it('are issued when the hall allows them', () => {
    const hall = createTestHall();
    expect(hall.issue('hukou')).toMatchObject({ number: 'A001', status: 'waiting', source: 'kiosk' });
  });
});

describe('issuing', () => {
  it('refuses an unknown service code', () => {
    const hall = createTestHall();
    expect(refusal(() => hall.issue('marriage'))).toBe('UNKNOWN_SERVICE');
  });

  it('puts the new ticket at the back of its service queue', () => {
    const hall = createTestHall();
    hall.issue('hukou');
    hall.advance(1);
    hall.issue('hukou-move');
    hall.advance(1);
    hall.issue('hukou');
    expect(hall.waiting('hukou')).toEqual(['A001', 'A003']);
    expect(hall.waiting('hukou-move')).toEqual(['A002']);
  });
});
