/**
 * Display pages get their token once, as `?token=` on the URL a technician
 * types into the TV; the page keeps it in localStorage and takes it off the
 * address bar, so it is neither bookmarked nor shown on screen.
 */

export type TokenPlace = { location: Pick<Location, 'href'>; history: Pick<History, 'replaceState' | 'state'>; localStorage: Pick<Storage, 'getItem' | 'setItem'> };

export function takeToken(place: TokenPlace, storageKey: string): string | undefined {
  const url = new URL(place.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    place.localStorage.setItem(storageKey, given);
    url.searchParams.delete('token');
    place.history.replaceState(place.history.state, '', url.pathname + url.search + url.hash);
    return given;
  }
  return place.localStorage.getItem(storageKey) ?? undefined;
}

export const DISPLAY_TOKEN_KEY = 'hall.display.token';
export const MANAGER_TOKEN_KEY = 'hall.manager.token';
