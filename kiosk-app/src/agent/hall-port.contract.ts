/**
 * One suite for every HallPort (ports.ts): HallLink over a real hall, and
 * the in-memory FakeHall the desks' unit tests stand on. What the desks rely
 * on holds for both: answers in the contract's shape, a refusal that is the
 * hall's and leaves the port online, a hall that cannot be reached taking
 * the port offline at once and coming back by itself, and a fetched queue
 * becoming the snapshot.
 */
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallPort } from './ports.ts';
import { until } from './testing/rig.ts';

export type HallPortRig = {
  /** A port to a hall whose catalogue has at least one service and no service `NO-SUCH`. */
  port: HallPort;
  /** The hall stops answering calls, without the port noticing yet (its socket stays up). */
  cut(): void | Promise<void>;
  /** The hall answers calls again. */
  mend(): void | Promise<void>;
  close(): Promise<void>;
};

export function describeHallPortContract(label: string, setup: () => Promise<HallPortRig>): void {
  describe(`the hall port: ${label}`, () => {
    let rig: HallPortRig;

    beforeAll(async () => {
      rig = await setup();
      await until(() => rig.port.online, 10_000, 'the port online');
    });
    afterAll(async () => rig?.close());

    it('answers an operation in the contract’s shape', async () => {
      const { services } = await rig.port.call('listServices');
      expect(services.length).toBeGreaterThan(0);
      expect(services[0]).toMatchObject({ code: expect.any(String), issuingNow: expect.any(Boolean), load: { waiting: expect.any(Number) } });
      expect(rig.port.online).toBe(true);
    });

    it('a refusal is the hall’s, with its status and code, and the port stays online', async () => {
      const refused = await rig.port.call('issueTicket', { body: { serviceCode: 'NO-SUCH' } }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(HallRefusal);
      expect(refused).toMatchObject({ status: 400, code: 'UNKNOWN_SERVICE' });
      expect(rig.port.online).toBe(true);
    });

    it('a fetched queue becomes the snapshot', async () => {
      const snapshot = await rig.port.call('getQueue');
      expect(rig.port.snapshot).toBe(snapshot);
    });

    it('a call that cannot reach the hall takes the port offline at once, and the port comes back by itself once the hall answers', async () => {
      const heard: boolean[] = [];
      const hear = (online: boolean) => heard.push(online);
      rig.port.on('online', hear);
      try {
        await rig.cut();
        expect(rig.port.online).toBe(true);
        const failed = await rig.port.call('getQueue').catch((err: unknown) => err);
        expect(failed).toBeInstanceOf(HallUnreachableError);
        expect(rig.port.online).toBe(false);
        await rig.mend();
        await until(() => rig.port.online, 10_000, 'the port back online');
        expect(heard).toEqual([false, true]);
      } finally {
        rig.port.off('online', hear);
      }
    });
  });
}
