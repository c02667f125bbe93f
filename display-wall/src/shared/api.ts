/**
 * The hall as the display pages reach it: the one client of the hall's
 * contract, on the page's own origin, with the page's token. A call answers
 * the contract's type or throws (`HallRefusal`, `HallUnreachableError`);
 * whoever shows the outcome to a person words it (`failure.ts`).
 */
import { createHallClient, type HallClient } from '@hall/server/client';

export type { HallClient };

export function pageClient(token: string | undefined): HallClient {
  return createHallClient({ baseUrl: '', token });
}
