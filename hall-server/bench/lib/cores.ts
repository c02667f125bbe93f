/**
 * Which cores a bench's processes run on. A latency figure over hundreds of
 * sockets is the sum of the server's sends and the clients' receives; on a
 * two-core machine they fight for the same cores, and how the scheduler
 * happens to place them moves a p99 by tens of percent from run to run.
 * Pinning the servers under test to one core and the load (this process and
 * the clients' processes) to the others makes each side's cost its own.
 * Linux only, through util-linux's `taskset`; a machine without it says so.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export type CoreSplit = { server: string; load: string };

/** The cores this process may use, as it started: pinning changes what availableParallelism() answers. */
const CORES = availableParallelism();

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The last core for the servers, the others for the load; throws where that cannot be done. */
export function splitCores(): CoreSplit {
  const cores = CORES;
  if (cores < 2) throw new Error(`pinning needs two cores or more; this machine has ${cores}`);
  if (!hasTaskset()) throw new Error('pinning needs `taskset` (Debian: apt install util-linux)');
  return { server: String(cores - 1), load: cores === 2 ? '0' : `0-${cores - 2}` };
}

/** Moves this process (all its threads) onto `cpus`. */
export function pinThisProcess(cpus: string): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(process.pid)], { stdio: 'ignore' });
}

/** Runs `body` with this process on the load's cores, and gives it every core again afterwards. */
export async function withLoadPinned<T>(split: CoreSplit, body: () => Promise<T>): Promise<T> {
  pinThisProcess(split.load);
  try {
    return await body();
  } finally {
    pinThisProcess(`0-${CORES - 1}`);
  }
}
