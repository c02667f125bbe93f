/**
 * Display pages get their token once, in the address a technician types into
 * the TV: `#token=…` (a fragment never leaves the browser, so the token is in
 * no server's or proxy's log). `?token=` still works for old bookmarks. The
 * page keeps the token in localStorage and takes it off the address bar, so
 * it is neither bookmarked nor shown on screen.
 */

export type TokenPlace = {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  localStorage: Pick<Storage, 'getItem' | 'setItem'>;
};

export function takeToken(place: TokenPlace, storageKey: string): string | undefined {
  const url = new URL(place.location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const given = fragment.get('token') || url.searchParams.get('token');
  if (given) {
    place.localStorage.setItem(storageKey, given);
    url.searchParams.delete('token');
    fragment.delete('token');
    const hash = fragment.toString();
    place.history.replaceState(place.history.state, '', url.pathname + url.search + (hash ? `#${hash}` : ''));
    return given;
  }
  return place.localStorage.getItem(storageKey) ?? undefined;
}

export const DISPLAY_TOKEN_KEY = 'hall.display.token';
export const MANAGER_TOKEN_KEY = 'hall.manager.token';
