/**
 * Taking down what a test set up (transports, drivers, servers), last first,
 * after each test whether it passed or not.
 */
import { afterEach } from 'vitest';

export type Cleanup = () => unknown;

/** Registers the `afterEach` in the calling test file; the function returned adds to what it takes down. */
export function cleanupAfterEach(): (...steps: Cleanup[]) => void {
  const steps: Cleanup[] = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step();
  });
  return (...more) => {
    steps.push(...more);
  };
}
