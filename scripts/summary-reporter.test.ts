/**
 * Runs vitest for real on tiny fixture projects: what matters is the last
 * line a CI log shows and the exit code beside it, and only a real run shows
 * both — vitest decides the exit code, the reporter only the line.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, type ExpectStatic, test } from 'vitest';

const fixtures = fileURLToPath(new URL('./fixtures/summary/', import.meta.url));
const vitestBin = fileURLToPath(new URL('../node_modules/.bin/vitest', import.meta.url));

// What the outer run sets for its own workers. A nested run that inherits
// them thinks it is already inside vitest (VITEST_POOL_ID, import.meta.env
// values), which is not the situation being tested.
const setByOuterRun = /^(VITEST.*|TEST|FORCE_TTY|BASE_URL|MODE|DEV|PROD|SSR)$/;

interface Outcome {
  lastLine: string;
  exitCode: number | null;
  /** Everything the run printed, shown when an assertion fails. */
  output: string;
}

function runFixture(name: string): Promise<Outcome> {
  const root = join(fixtures, name);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !setByOuterRun.test(key)));
  // process.execPath rather than whatever `node` PATH finds: vitest 5 needs
  // the Node this suite already runs on, and a bare shell's may be older.
  const child = spawn(process.execPath, [vitestBin, 'run', '--root', root, '--config', join(fixtures, 'vitest.config.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 50_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      const lines = stdout.trimEnd().split('\n');
      resolve({
        lastLine: lines[lines.length - 1] ?? '',
        exitCode,
        output: `exit ${exitCode ?? signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
      });
    });
  });
}

function expectNoZeroFailedOnFailure(expect: ExpectStatic, outcome: Outcome): void {
  if (outcome.exitCode !== 0) {
    expect(outcome.lastLine, outcome.output).not.toMatch(/^\d+ passed, 0 failed\b/);
  }
}

describe.concurrent('summary line at the end of a test run', { timeout: 60_000 }, () => {
  test.for([
    ['a run where every test passes reports 0 failed and exits 0', 'all-pass', '2 passed, 0 failed, 1 skipped', 0],
    ['a failing test counts as a failure', 'failing-test', '1 passed, 1 failed, 0 skipped', 1],
    ['a file that cannot be imported counts as a failure', 'import-error', '1 passed, 1 failed, 0 skipped (1 file)', 1],
    ['an afterAll hook that throws counts as a failure though its tests passed', 'after-all', '1 passed, 1 failed, 0 skipped (1 file)', 1],
    ['an unhandled rejection outside any test counts as a failure', 'unhandled-rejection', '1 passed, 1 failed, 0 skipped (1 error outside tests)', 1],
    ['a run that finds no test files fails and says why', 'no-test-files', '0 passed, 1 failed, 0 skipped (no test files found)', 1],
  ] as const)('%s', async ([, fixture, lastLine, exitCode], { expect }) => {
    const outcome = await runFixture(fixture);
    expect(outcome.lastLine, outcome.output).toBe(lastLine);
    expect(outcome.exitCode, outcome.output).toBe(exitCode);
    expectNoZeroFailedOnFailure(expect, outcome);
  });
});
