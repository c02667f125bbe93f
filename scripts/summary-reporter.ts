/**
 * Ends a test run with one plain line — "N passed, N failed, N skipped" —
 * that any CI log reader understands, whatever it knows of vitest.
 *
 * The line must never read "0 failed" for a run that failed: a broken import,
 * a throwing afterAll or an unhandled rejection fails the run without failing
 * any test, so those count too, and a short breakdown in parentheses says
 * what the failures were when they were not all tests.
 */
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  failedTests: number;
  /** Test files that failed without any failed test of their own. */
  failedFiles: number;
  /** Unhandled errors and rejections that belong to no test. */
  errorsOutsideTests: number;
  /** Why the run failed when nothing above explains it. */
  unexplained?: string;
}

export function summarizeRun(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): RunSummary {
  let passed = 0;
  let failedTests = 0;
  let skipped = 0;
  let failedFiles = 0;
  for (const module of modules) {
    let moduleFailedTests = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') moduleFailedTests++;
      // Pending tests never finished (the run was cut short); they did not
      // fail, and the run's failure is accounted for elsewhere.
      else skipped++;
    }
    failedTests += moduleFailedTests;
    const state = module.state();
    // Vitest fails the run for a file left queued or pending (its worker died,
    // say), so we count it — unless the user interrupted, which explains it.
    const unfinished = (state === 'queued' || state === 'pending') && reason !== 'interrupted';
    if (moduleFailedTests === 0 && (state === 'failed' || unfinished)) failedFiles++;
  }
  const errorsOutsideTests = unhandledErrors.length;
  const summary: RunSummary = {
    passed,
    failed: failedTests + failedFiles + errorsOutsideTests,
    skipped,
    failedTests,
    failedFiles,
    errorsOutsideTests,
  };
  if (summary.failed === 0 && reason !== 'passed') {
    summary.failed = 1;
    summary.unexplained = reason === 'interrupted' ? 'run interrupted' : modules.length === 0 ? 'no test files found' : 'run failed';
  }
  return summary;
}

export function formatSummary(summary: RunSummary): string {
  const line = `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
  if (summary.unexplained) return `${line} (${summary.unexplained})`;
  if (summary.failed === summary.failedTests) return line;
  const parts = [
    count(summary.failedTests, 'test', 'tests'),
    count(summary.failedFiles, 'file', 'files'),
    count(summary.errorsOutsideTests, 'error outside tests', 'errors outside tests'),
  ].filter((part) => part !== undefined);
  return `${line} (${parts.join(', ')})`;
}

function count(n: number, one: string, many: string): string | undefined {
  if (n === 0) return undefined;
  return `${n} ${n === 1 ? one : many}`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    process.stdout.write(`\n${formatSummary(summarizeRun(modules, unhandledErrors, reason))}\n`);
  }
}
