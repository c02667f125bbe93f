/**
 * The hall port's one suite (hall-port.contract.ts), run over the network
 * (HallLink, through a TCP line to a real hall, so the hall can stop
 * answering while the link's socket stays up) and in memory (FakeHall).
 */
import { startHall } from '@hall/server/testing';
import { HallLink } from './hall-link.ts';
import { describeHallPortContract } from './hall-port.contract.ts';
import { FakeHall, hallService, hallSnapshot, refusal } from './testing/fake-hall.ts';
import { HallLine } from './testing/hall-line.ts';

describeHallPortContract('HallLink over a real hall', async () => {
  const hall = await startHall();
  const line = await HallLine.open(hall.url);
  const link = new HallLink({ url: line.url, token: hall.token('kiosk'), reconnectDelayMs: 50, reconnectDelayMaxMs: 200 });
  link.start();
  return {
    port: link,
    cut: async () => {
      await line.quiet();
      line.httpDown();
    },
    mend: () => line.httpUp(),
    close: async () => {
      await link.close();
      await line.close();
      await hall.close();
    },
  };
});

describeHallPortContract('FakeHall', async () => {
  const services = [hallService('S1')];
  const hall = new FakeHall()
    .answer('listServices', { services })
    .answer('getQueue', () => hallSnapshot(services))
    .answer('issueTicket', ({ body }) => {
      throw refusal(400, 'UNKNOWN_SERVICE', { serviceCode: body.serviceCode });
    });
  return { port: hall, cut: () => hall.cut(), mend: () => hall.mend(), close: async () => {} };
});
