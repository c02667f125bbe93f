/**
 * An action sent to the hall with one Idempotency-Key, and sent again with
 * the same key while the hall could not be reached: a network blip neither
 * loses the action nor, when the first attempt did arrive, does it twice.
 * A refusal, or anything else, goes to the caller at once.
 */
import { HallUnreachableError } from '@hall/server/client';

export type ResendOptions = {
  /** The Idempotency-Key every attempt carries. */
  key: string;
  /** Resends after the first attempt (default 2). */
  attempts?: number;
  /** Pause before the first resend, ms, growing by as much each time (default 300). */
  delayMs?: number;
  /** Told before each resend (1 for the first). */
  onResend?: (attempt: number) => void;
};

export async function resendWhileUnreachable<T>(send: (idempotencyKey: string) => Promise<T>, options: ResendOptions): Promise<T> {
  const attempts = options.attempts ?? 2;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(options.key);
    } catch (err) {
      if (!(err instanceof HallUnreachableError) || attempt >= attempts) throw err;
      options.onResend?.(attempt + 1);
      await new Promise((r) => setTimeout(r, (options.delayMs ?? 300) * (attempt + 1)));
    }
  }
}
