import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_MISSING, startPostgres } from '../postgres-server.ts';

describe('the throwaway PostgreSQL for tests', () => {
  const saved = process.env.HALL_PG_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.HALL_PG_BIN;
    else process.env.HALL_PG_BIN = saved;
  });

  it('says how to install PostgreSQL when its binaries are not there', async () => {
    process.env.HALL_PG_BIN = '/nonexistent/postgresql/bin';
    await expect(startPostgres()).rejects.toThrow(POSTGRES_MISSING);
    expect(POSTGRES_MISSING).toContain('apt-get install postgresql');
  });
});
