import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHall } from './harness.ts';

describe('stopping the hall', () => {
  it('stops at once although a client stopped reading a large response halfway (a stalled browser does not hold a restart)', async () => {
    const hall = await startHall();
    const { hostname, port } = new URL(hall.url);
    // A raw connection that asks for the 1.4 MB Swagger bundle ten times over and never reads: more than the
    // sockets' buffers hold, so the hall's writes back up.
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.pause();
    socket.write(`GET /api/docs/swagger-ui-bundle.js HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`.repeat(10));
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.closed).toBe(false);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the hall did not stop within 5 s')), 5_000);
    });
    await Promise.race([hall.close(), late]).finally(() => clearTimeout(timer));
    // The hall ended the connection: read what it had sent, and the end comes.
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.resume();
    await closed;
  });
});
