/**
 * Refusals nobody at a kiosk or a counter can act on (the hall's protocol,
 * manager and lease refusals): every language shows its one general line,
 * pointing to the help desk.
 */
export const GENERAL_LINE_CODES = [
  'HALL_ERROR',
  'INVALID_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'BODY_TOO_LARGE',
  'NOT_FOUND',
  'UNKNOWN_EVENT',
  'NO_NAMESPACE',
  'TOO_MANY_CONNECTIONS',
  'SERVICES_REQUIRED',
  'DUPLICATE_SERVICE',
  'LAST_WINDOW_FOR_SERVICE',
  'INVALID_SLOT',
  'SLOT_IN_PAST',
  'INVALID_DATE',
  'INVALID_RANGE',
  'RANGE_TOO_LONG',
  'INVALID_LEASE_SIZE',
  'LEASE_NOT_FOUND',
  'LEASE_NOT_YOURS',
  'LEASE_SPACE_EXHAUSTED',
  'NUMBER_NOT_IN_LEASE',
] as const;

/** The general line under each of those codes. */
export function generalLine<T>(words: T): Record<(typeof GENERAL_LINE_CODES)[number], T> {
  return Object.fromEntries(GENERAL_LINE_CODES.map((code) => [code, words])) as Record<(typeof GENERAL_LINE_CODES)[number], T>;
}
