/**
 * What a synchronous call threw, for the tests that look into a refusal:
 * it must be of the kind expected, and an answer fails the test.
 */
import { expect } from 'vitest';
import { KioskError } from '../../shared/kiosk-api.ts';

export function thrownBy<E>(fn: () => unknown, kind: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(kind);
    return err as E;
  }
  throw new Error(`expected a ${kind.name}, got an answer`);
}

/** The refusal a synchronous call of the agent's gives. */
export function refusalOf(fn: () => unknown): KioskError {
  return thrownBy(fn, KioskError);
}
