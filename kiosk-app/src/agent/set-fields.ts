/**
 * The named fields of an object that are set (neither undefined, null nor
 * empty). What the agent passes on is built of the fields it names, so
 * nothing else the source carries (an identity, form values, what a newer
 * hall adds) goes along by accident, and an unset field is left out rather
 * than sent empty.
 */
export function setFields<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    const value = from[key];
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out;
}
