/**
 * A throwaway PostgreSQL server for tests: Debian's own binaries, a cluster
 * made with initdb in a temp dir, reached over a unix socket in that dir
 * (no TCP listener, trust auth, no fsync: nothing here outlives the test
 * file). As root it runs as the `postgres` user, because PostgreSQL refuses
 * to run as root.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export const POSTGRES_MISSING =
  'PostgreSQL server binaries (initdb, pg_ctl) not found: install them with `apt-get install postgresql` (Debian), or set HALL_PG_BIN to the directory that holds them';

export type PostgresServer = {
  /** Connection URL over the unix socket, database `postgres`, user `postgres`. */
  url: string;
  stop(): Promise<void>;
};

/** HALL_PG_BIN, else the newest /usr/lib/postgresql/<n>/bin, else undefined. */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.HALL_PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'city-pg-'));
  const data = join(dir, 'data');
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (result.error || result.status !== 0) {
      throw new Error(`${command} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr || result.stdout}`.trim());
    }
  };
  try {
    if (asRoot) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (id.status !== 0) throw new Error(`running as root needs the postgres system user to run the server as; ${POSTGRES_MISSING}`);
      chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const settings = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=''", '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', settings.join(' '), '-w', '-t', '30', 'start']);
    let stopped = false;
    return {
      url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
