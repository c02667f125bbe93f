/**
 * A call to the hall that did not go through, as a store keeps it until a
 * page shows it: the hall's refusal code with its details, or `UNREACHABLE`
 * when no answer came. Words for it are chosen where it is shown
 * (`useFailureWords`), never here.
 */
import { HallRefusal, HallUnreachableError } from '@hall/server/client';

export const UNREACHABLE = 'UNREACHABLE';

export type CallFailure = { code: HallRefusal['code'] | typeof UNREACHABLE; details?: Record<string, unknown> };

/** The failure a thrown error stands for; anything but a refusal or an unreachable hall is a bug and is thrown on. */
export function failureOf(err: unknown): CallFailure {
  if (err instanceof HallRefusal) return err.details ? { code: err.code, details: err.details } : { code: err.code };
  if (err instanceof HallUnreachableError) return { code: UNREACHABLE };
  throw err;
}

/** The answer, or undefined when the hall refused or could not be reached: for figures fetched again anyway. */
export async function unlessFailed<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    failureOf(err);
    return undefined;
  }
}
