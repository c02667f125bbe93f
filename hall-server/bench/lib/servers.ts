/** The two kinds of server child the benches start, each with its temp directory cleaned up on stop. */
import type { BareChildInfo } from '../children/bare-broadcast.ts';
import type { HallChildInfo } from '../children/hall-server.ts';
import { SERVE_ENV, SERVE_NODE_FLAGS } from '../../src/runtime.ts';
import { startChild, type ChildHandle } from './child.ts';
import { makeTempDir, removeDir } from './tempdir.ts';

export type HallChild = ChildHandle<HallChildInfo> & { dataDir: string };

/** `args` go to the child after `--data DIR` (such as `--tls-cert FILE --tls-key FILE`). */
export async function startHallChild(label: string, options: { nodeArgs?: string[]; args?: string[]; cpus?: string } = {}): Promise<HallChild> {
  const dataDir = makeTempDir(label);
  try {
    // The hall runs as `hall-server serve` runs it (src/runtime.ts).
    const child = await startChild<HallChildInfo>(new URL('../children/hall-server.ts', import.meta.url), ['--data', dataDir, ...(options.args ?? [])], {
      ...options,
      nodeArgs: [...SERVE_NODE_FLAGS, ...(options.nodeArgs ?? [])],
      env: { ...SERVE_ENV },
    });
    return {
      ...child,
      dataDir,
      async stop() {
        await child.stop();
        removeDir(dataDir);
      },
    };
  } catch (err) {
    removeDir(dataDir);
    throw err;
  }
}

export function startBareChild(options: { cpus?: string } = {}): Promise<ChildHandle<BareChildInfo>> {
  return startChild<BareChildInfo>(new URL('../children/bare-broadcast.ts', import.meta.url), [], options);
}
