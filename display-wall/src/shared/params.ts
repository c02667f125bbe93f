/** Page options from the URL a technician sets up once per screen. */

export type WallOptions = {
  layout: 'landscape' | 'portrait';
  repeat: number;
  english: boolean;
  voice: 'auto' | 'pack' | 'speech' | 'off';
  notices: string[];
  lang: 'zh-CN' | 'zh-TW' | 'en';
};

export function pageLocale(search: URLSearchParams): WallOptions['lang'] {
  const lang = search.get('lang');
  return lang === 'en' || lang === 'zh-TW' ? lang : 'zh-CN';
}

export function wallOptions(search: URLSearchParams): WallOptions {
  const repeat = Number(search.get('repeat') ?? '2');
  const voice = search.get('voice');
  return {
    layout: search.get('layout') === 'portrait' ? 'portrait' : 'landscape',
    repeat: Number.isInteger(repeat) && repeat >= 1 && repeat <= 5 ? repeat : 2,
    english: search.get('english') === '1' || search.get('english') === 'true',
    voice: voice === 'pack' || voice === 'speech' || voice === 'off' ? voice : 'auto',
    notices: search
      .getAll('notice')
      .map((n) => n.trim())
      .filter(Boolean),
    lang: pageLocale(search),
  };
}

/** `/window/3` → 3; anything else → undefined. */
export function windowNoFromPath(pathname: string): number | undefined {
  const m = /\/window\/(\d{1,3})\/?$/.exec(pathname);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 999 ? n : undefined;
}
