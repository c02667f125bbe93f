/**
 * Hall ids become MQTT topic levels (`hall/<hallId>/…`), usernames and lines
 * of Mosquitto's ACL file, so they keep to letters, digits, `.`, `_` and `-`
 * (a letter or digit first, at most 64): never `/`, `+` or `#`, which would
 * split or widen a topic, and nothing that starts a new line. One rule for
 * every place that reads one: enrolment, the broker, the envelope checks and
 * the API.
 */
export const HALL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Throws a TypeError naming the rule when `id` is not a usable hall id (or consumer name). */
export function assertAccountId(id: string, what = 'hall id'): void {
  if (typeof id !== 'string' || !HALL_ID.test(id)) {
    throw new TypeError(`a ${what} is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (it becomes an MQTT topic level)`);
  }
}
