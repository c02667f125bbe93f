/**
 * The city view's operator token arrives once, in the address:
 * `https://city.example/#token=…` (a fragment never leaves the browser, so
 * the token is in no server's or proxy's log). The page keeps it in
 * localStorage and takes it off the address bar, so it is neither bookmarked
 * nor shown on screen. Later visits use the kept one.
 */
export type TokenPlace = {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  localStorage: Pick<Storage, 'getItem' | 'setItem'>;
};

export const OPERATOR_TOKEN_KEY = 'city.operator.token';

export function takeToken(place: TokenPlace, storageKey = OPERATOR_TOKEN_KEY): string | undefined {
  const url = new URL(place.location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const given = fragment.get('token');
  if (given) {
    place.localStorage.setItem(storageKey, given);
    fragment.delete('token');
    const rest = fragment.toString();
    place.history.replaceState(place.history.state, '', url.pathname + url.search + (rest ? `#${rest}` : ''));
    return given;
  }
  return place.localStorage.getItem(storageKey) ?? undefined;
}
