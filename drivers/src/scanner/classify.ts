/**
 * What a scanned payload probably is, so the kiosk can route it: an
 * appointment code, an e-licence / health-code style QR token, an ID number,
 * a unified social credit code (USCC), a URL, or plain text.
 */
import { hasUsccCheckChar } from '@hall/common';
import { isValidIdNumber } from '../idcard/gb11643.ts';

export type PayloadKind = 'appointment' | 'e-licence' | 'id-number' | 'uscc' | 'url' | 'text';

export interface ClassifyOptions {
  /** The hall's appointment code format. */
  appointmentPattern?: RegExp;
  /** Hosts whose URLs are e-licence / city-code payloads rather than plain links. */
  eLicenceHosts?: readonly string[];
}

/** GB 32100 check character of an 18-character unified social credit code. */
export function isValidUscc(code: string): boolean {
  // Registration authority and kind, a six-digit region code, then the organisation code and check.
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return hasUsccCheckChar(code);
}

export function classifyPayload(text: string, options: ClassifyOptions = {}): PayloadKind {
  const t = text.trim();
  const appointment = options.appointmentPattern ?? /^YY\d{8}[A-Z0-9]{5}$/;
  if (appointment.test(t)) return 'appointment';
  if (isValidIdNumber(t)) return 'id-number';
  if (isValidUscc(t)) return 'uscc';
  if (/^https?:\/\//i.test(t)) {
    try {
      const host = new URL(t).hostname;
      const hosts = options.eLicenceHosts ?? [];
      if (hosts.some((h) => host === h || host.endsWith('.' + h))) return 'e-licence';
    } catch {
      return 'text';
    }
    return 'url';
  }
  // City codes and e-licences are long opaque tokens with no spaces.
  if (/^[A-Za-z0-9+/=_.:-]{64,}$/.test(t)) return 'e-licence';
  return 'text';
}
