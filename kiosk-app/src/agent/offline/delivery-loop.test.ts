import { describe, expect, it } from 'vitest';
import { DeliveryLoop, type RetryPace } from './delivery-loop.ts';

const later = () => new Promise((r) => setTimeout(r, 5));

type Hands = { delivered(): void; retryLater(): number };

/** A loop whose round is `run`, handed what a round may call. */
class Rounds extends DeliveryLoop {
  readonly #run: (hands: Hands) => Promise<void>;
  constructor(run: (hands: Hands) => Promise<void>, pace?: RetryPace) {
    super(pace);
    this.#run = run;
  }
  protected round(): Promise<void> {
    return this.#run({ delivered: () => this.delivered(), retryLater: () => this.retryLater() });
  }
}

describe('the delivery loop of an outbox', () => {
  it('runs one round at a time; a kick during a round runs exactly one more after it', async () => {
    let rounds = 0;
    let inFlight = 0;
    let most = 0;
    const loop = new Rounds(async () => {
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
    const loop = new Rounds(
      async (hands) => {
        rounds++;
        if (rounds === 3) hands.delivered();
        if (rounds < 5) delays.push(hands.retryLater());
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
    const loop = new Rounds(
      async (hands) => {
        rounds++;
        hands.retryLater();
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
