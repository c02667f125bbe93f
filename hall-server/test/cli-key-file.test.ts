import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hall } from '../src/hall.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { hallServerCli } from './hall-server-cli.ts';
import { demoConfig } from './harness.ts';
import { tempDirsPerTest } from './per-test.ts';

/** A hall with one sealed identity, its key in `keyFile`. */
function hallWithSealedData(dataDir: string, keyFile: string): void {
  const store = HallStore.open(dataDir, { keyFile });
  const hall = Hall.open(store, { seed: demoConfig() });
  const { sealed } = hall.identify('110101199003078814', '王小明');
  store.commitBatch([{ seq: hall.seq + 1, at: Date.now(), command: 'test', actor: 'test', events: [], identities: [sealed] }]);
  store.close();
}

describe('hall-server serve --key-file', () => {
  const dir = tempDirsPerTest('hall-key-');

  it('refuses to start when the key file is missing but the database holds sealed data, and makes no new key', () => {
    const data = dir();
    const keyFile = join(dir(), 'hall.key');
    hallWithSealedData(data, keyFile);
    rmSync(keyFile);
    const out = hallServerCli('serve', '--port', '0', '--data', data, '--key-file', keyFile);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`the key file ${keyFile} is missing`);
    expect(out.stderr).not.toContain('110101199003078814');
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses a key file that others may read, naming the chmod to run', () => {
    const data = dir();
    const keyFile = join(dir(), 'hall.key');
    hallWithSealedData(data, keyFile);
    chmodSync(keyFile, 0o644);
    const out = hallServerCli('serve', '--port', '0', '--data', data, '--key-file', keyFile);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`chmod 600 ${keyFile}`);
  });

  it('refuses a filing retention that is not a whole number of days', () => {
    const out = hallServerCli('serve', '--port', '0', '--data', dir(), '--filing-retention-days', '0');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--filing-retention-days');
  });
});
