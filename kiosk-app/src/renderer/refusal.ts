import { KioskError, type Localized } from '../shared/kiosk-api.ts';

/** Why the host said no: its code and its messages, or a code the renderer words itself (`errors.<code>`). */
export type Refusal = { code: string; messages: Localized | null };

export function refusalOf(err: unknown): Refusal {
  if (err instanceof KioskError) return { code: err.code, messages: err.messages };
  const e = err as { code?: unknown; messages?: unknown; message?: unknown } | null;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const m = (e.messages ?? e.message) as Localized | undefined;
    return { code: e.code, messages: m && typeof m === 'object' && typeof m['zh-CN'] === 'string' ? m : null };
  }
  return { code: 'INTERNAL', messages: null };
}
