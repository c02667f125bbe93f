/** The hall-server command as an operator runs it: its bin, under this Node, in a process of its own. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HALL_SERVER_BIN = fileURLToPath(new URL('../bin/hall-server.js', import.meta.url));

/** Runs one command to its end (20 s at most): its exit status, stdout and stderr. */
export function hallServerCli(...args: string[]) {
  return spawnSync(process.execPath, [HALL_SERVER_BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
}
