/**
 * What the tests of a describe block get afresh for every test and have
 * cleaned up after it: a hall and its clients, halls a test starts itself,
 * temporary directories. Each registers its own beforeEach/afterEach, so a
 * test file says what it needs in one line.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { startHall, tempDir, type StartOptions, type TestHall } from './harness.ts';

/**
 * Stands for what `current` gives while a test runs, so that it can be named
 * once in the describe block and used as the value itself inside tests and
 * hooks; `extra` adds members of its own.
 */
function standIn<T extends object, X extends object = Record<never, never>>(current: () => T | undefined, extra?: X): T & X {
  return new Proxy({} as T & X, {
    get(_target, key) {
      if (extra && key in extra) return Reflect.get(extra, key);
      const value = current();
      if (value === undefined) throw new Error(`${String(key)}: read outside a test, where there is nothing yet`);
      const member: unknown = Reflect.get(value, key);
      return typeof member === 'function' ? member.bind(value) : member;
    },
  });
}

/** A value made before each test of the calling describe block (in the order the calls stand) and closed after it. */
export function perTest<T extends object>(make: () => T | Promise<T>, close?: (value: T) => unknown): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await make();
  });
  afterEach(async () => {
    const value = current;
    current = undefined;
    if (value !== undefined) await close?.(value);
  });
  return standIn(() => current);
}

export type PerTestHall = TestHall & {
  /** Closes this test's hall and starts another in its place with these options: `{ dataDir }` restarts it on the same data. */
  restart(options?: StartOptions): Promise<void>;
};

/** A fresh hall for each test of the calling describe block, closed after it (which fails the test on a refusal outside the contract). */
export function hallPerTest(options?: StartOptions): PerTestHall {
  let current: TestHall | undefined;
  const restart = async (next?: StartOptions) => {
    const running = current;
    current = undefined;
    await running?.close();
    current = await startHall(next);
  };
  beforeEach(() => restart(options));
  afterEach(async () => {
    const running = current;
    current = undefined;
    await running?.close();
  });
  return standIn(() => current, { restart });
}

/**
 * Starts halls inside the tests of the calling describe block, each test with
 * its own options; whichever are still open after a test are closed.
 */
export function hallStarter(): (options?: StartOptions) => Promise<TestHall> {
  const open = new Set<TestHall>();
  afterEach(async () => {
    const halls = [...open];
    open.clear();
    for (const hall of halls) await hall.close();
  });
  return async (options) => {
    const started = await startHall(options);
    const hall: TestHall = {
      ...started,
      close: () => {
        open.delete(hall);
        return started.close();
      },
    };
    open.add(hall);
    return hall;
  };
}

/** Makes temporary directories inside the tests of the calling describe block; all are removed after each test. */
export function tempDirsPerTest(prefix?: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = tempDir(prefix);
    dirs.push(dir);
    return dir;
  };
}
