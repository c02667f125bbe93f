/** What a log line at the counter may say about a failure: never a request body, never an identity. */
import { HallRefusal } from '@hall/server/client';

export function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof HallRefusal) return { code: err.code, status: err.status };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { error: String(err) };
}
