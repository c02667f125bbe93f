/** The HTTP side on an ephemeral loopback port, over the fake city, with its client; closed after the test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { silentLogger } from '@hall/common/log';
import { createCityClient, type CityClient } from '../../src/api/client.ts';
import { createCityHttp, type CityHttp, type CityHttpOptions } from '../../src/api/server.ts';
import { FakeChanges, FakeOperators, FakeReadModel, testClock } from './fake-city.ts';

export type RunningCity = {
  http: CityHttp;
  url: string;
  read: FakeReadModel;
  changes: FakeChanges;
  clock: ReturnType<typeof testClock>;
  client(token?: string): CityClient;
};

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

/** `pagesDir` defaults to an empty directory: no page built. */
export async function startCity(options: Partial<CityHttpOptions> & { clock?: ReturnType<typeof testClock> } = {}): Promise<RunningCity> {
  const read = (options.read as FakeReadModel | undefined) ?? new FakeReadModel();
  const changes = (options.changes as FakeChanges | undefined) ?? new FakeChanges();
  const clock = options.clock ?? testClock();
  const empty = options.pagesDir ? undefined : mkdtempSync(join(tmpdir(), 'city-pages-'));
  const http = await createCityHttp({
    operators: new FakeOperators(),
    logger: silentLogger,
    now: clock.now,
    ...options,
    read,
    changes,
    pagesDir: options.pagesDir ?? empty!,
  });
  const { url } = await http.listen(0);
  running.push(async () => {
    await http.close();
    if (empty) rmSync(empty, { recursive: true, force: true });
  });
  return { http, url, read, changes, clock, client: (token) => createCityClient({ baseUrl: url, token }) };
}
