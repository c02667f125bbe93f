/**
 * Hall ids become MQTT topic levels (`hall/<hallId>/…`) and usernames, so
 * they keep to letters, digits, `_` and `-`: never `/`, `+` or `#`, which
 * would split or widen a topic.
 */
export const HALL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws a TypeError naming the rule when `id` is not a usable hall id (or consumer name). */
export function assertAccountId(id: string, what = 'hall id'): void {
  if (typeof id !== 'string' || !HALL_ID.test(id)) {
    throw new TypeError(`a ${what} is 1 to 64 letters, digits, "_" or "-" (it becomes an MQTT topic level)`);
  }
}
