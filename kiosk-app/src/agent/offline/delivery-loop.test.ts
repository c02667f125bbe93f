import { describe, expect, it } from 'vitest';
import { DeliveryLoop } from './delivery-loop.ts';

const later = () => new Promise((r) => setTimeout(r, 5));

describe('the delivery loop of an outbox', () => {
  it('runs one round at a time; a kick during a round runs exactly one more after it', async () => {
    let rounds = 0;
    let inFlight = 0;
    let most = 0;
    const loop = new DeliveryLoop(async () => {
      rounds++;
      most = Math.max(most, ++inFlight);
      await later();
      inFlight--;
    });
    const first = loop.kick();
    void loop.kick();
    void loop.kick();
    await first;
    await later();
    await later();
    expect(rounds).toBe(2);
    expect(most).toBe(1);
  });

  it('comes back by itself after a failed round, waiting longer while failures last and the shortest time after a delivery', async () => {
    const delays: number[] = [];
    let rounds = 0;
    const loop: DeliveryLoop = new DeliveryLoop(
      async () => {
        rounds++;
        if (rounds === 3) loop.delivered();
        if (rounds < 5) delays.push(loop.retryLater());
      },
      { initialMs: 1, maxMs: 1000 },
    );
    await loop.kick();
    await new Promise((r) => setTimeout(r, 200));
    expect(rounds).toBe(5);
    // Doubling while rounds fail, from the start again after the delivery in round 3.
    expect(delays).toEqual([1, 2, 1, 2]);
    await loop.close();
  });

  it('once closed, starts nothing: a retry it had scheduled is called off and a kick does nothing', async () => {
    let rounds = 0;
    const loop = new DeliveryLoop(
      async () => {
        rounds++;
        loop.retryLater();
      },
      { initialMs: 20, maxMs: 20 },
    );
    await loop.kick();
    await loop.close();
    expect(loop.closed).toBe(true);
    await loop.kick();
    await new Promise((r) => setTimeout(r, 60));
    expect(rounds).toBe(1);
  });
});
