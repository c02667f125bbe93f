/**
 * Update checks against the hall's LAN feed (`KIOSK_UPDATE_URL`), laid out as
 * electron-builder's `generic` provider publishes it: `latest-linux.yml` /
 * `latest.yml` beside the AppImage / NSIS installer. The shell only checks
 * and reports (electron-updater is not bundled); it checks at start and every
 * 6 hours, and only while nobody is using the kiosk, so a visitor is never
 * interrupted. Installing is an operator's step (docs/kiosk-deployment.md);
 * the feed format is the one electron-updater reads, should it be added.
 */
import { Backoff, realTimers, type Timers } from './backoff.ts';
import type { Logger } from './log.ts';

export type UpdateFile = { url: string; sha512?: string; size?: number };
export type UpdateManifest = { version: string; path?: string; sha512?: string; releaseDate?: string; files: UpdateFile[] };

export type UpdateCheck =
  | { status: 'available'; current: string; manifest: UpdateManifest; feedUrl: string }
  | { status: 'current'; current: string; latest: string }
  | { status: 'failed'; current: string; error: string };

/** The manifest electron-builder writes for this platform (generic provider naming). */
export function feedFileName(platform: string, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return arch === 'x64' || arch === 'ia32' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

function scalar(raw: string): string {
  const value = raw.trim();
  if ((value.startsWith("'") && value.endsWith("'")) || (value.startsWith('"') && value.endsWith('"'))) return value.slice(1, -1);
  return value;
}

/**
 * Reads electron-builder's update manifest: top-level scalars and the
 * `files:` list of `url`/`sha512`/`size` entries. Not a general YAML parser:
 * the file is machine-written in exactly this shape.
 */
export function parseUpdateManifest(text: string): UpdateManifest {
  const top: Record<string, string> = {};
  const files: UpdateFile[] = [];
  let inFiles = false;
  let current: Record<string, string> | undefined;
  const flush = () => {
    if (current?.url) files.push({ url: current.url, sha512: current.sha512, size: current.size ? Number(current.size) : undefined });
    current = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const item = /^\s*-\s+(\w+):\s*(.*)$/.exec(line);
    const nested = /^\s+(\w+):\s*(.*)$/.exec(line);
    const topLevel = /^(\w+):\s*(.*)$/.exec(line);
    if (topLevel) {
      flush();
      inFiles = topLevel[1] === 'files';
      if (!inFiles) top[topLevel[1]!] = scalar(topLevel[2]!);
    } else if (inFiles && item) {
      flush();
      current = { [item[1]!]: scalar(item[2]!) };
    } else if (inFiles && nested && current) {
      current[nested[1]!] = scalar(nested[2]!);
    }
  }
  flush();
  if (!top.version || parseVersion(top.version) === undefined) throw new Error('update manifest has no valid version');
  return { version: top.version, path: top.path, sha512: top.sha512, releaseDate: top.releaseDate, files };
}

type Version = { core: number[]; pre: (string | number)[] };

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!m) return undefined;
  return {
    core: [Number(m[1]), Number(m[2]), Number(m[3])],
    pre: m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [],
  };
}

/** Semantic-version precedence: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) throw new TypeError(`not a version: ${!va ? a : b}`);
  for (let i = 0; i < 3; i++) if (va.core[i] !== vb.core[i]) return va.core[i]! - vb.core[i]!;
  // A release ranks above its pre-releases.
  if (va.pre.length === 0 || vb.pre.length === 0) return vb.pre.length - va.pre.length;
  for (let i = 0; i < Math.min(va.pre.length, vb.pre.length); i++) {
    const x = va.pre[i]!;
    const y = vb.pre[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return va.pre.length - vb.pre.length;
}

export type UpdateCheckerOptions = {
  feedUrl: string;
  currentVersion: string;
  platform: string;
  arch: string;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** True while nobody is using the kiosk. */
  isIdle: () => boolean;
  onAvailable: (check: Extract<UpdateCheck, { status: 'available' }>) => void;
  log: Logger;
  timers?: Timers;
  intervalMs?: number;
  /** While a visitor is at the kiosk, look again this much later. */
  idleRetryMs?: number;
  requestTimeoutMs?: number;
};

export const UPDATE_INTERVAL_MS = 6 * 60 * 60 * 1000;

export function createUpdateChecker(options: UpdateCheckerOptions): { start(): void; stop(): void; checkNow(): Promise<UpdateCheck> } {
  const timers = options.timers ?? realTimers;
  const intervalMs = options.intervalMs ?? UPDATE_INTERVAL_MS;
  const idleRetryMs = options.idleRetryMs ?? 60_000;
  const failureBackoff = new Backoff(5 * 60_000, intervalMs);
  const base = options.feedUrl.endsWith('/') ? options.feedUrl : options.feedUrl + '/';
  const manifestUrl = new URL(feedFileName(options.platform, options.arch), base).toString();
  let timer: unknown;
  let stopped = true;

  const checkNow = async (): Promise<UpdateCheck> => {
    const current = options.currentVersion;
    try {
      const response = await options.fetch(manifestUrl, {
        signal: AbortSignal.timeout(options.requestTimeoutMs ?? 15_000),
        headers: { 'cache-control': 'no-cache' },
      });
      if (!response.ok) throw new Error(`${manifestUrl} answered ${response.status}`);
      const manifest = parseUpdateManifest(await response.text());
      if (compareVersions(manifest.version, current) > 0) return { status: 'available', current, manifest, feedUrl: base };
      return { status: 'current', current, latest: manifest.version };
    } catch (err) {
      return { status: 'failed', current, error: err instanceof Error ? err.message : String(err) };
    }
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = timers.setTimeout(() => void tick(), ms);
  };

  const tick = async () => {
    timer = undefined;
    if (stopped) return;
    if (!options.isIdle()) return schedule(idleRetryMs);
    const result = await checkNow();
    if (result.status === 'available') {
      options.log.info('update available', { current: result.current, latest: result.manifest.version });
      failureBackoff.reset();
      // Reported between visitors only: the check ran while idle, and the
      // receiver must itself wait for idle before doing anything visible.
      options.onAvailable(result);
      schedule(intervalMs);
    } else if (result.status === 'failed') {
      options.log.warn('update check failed', { error: result.error, feed: manifestUrl });
      schedule(failureBackoff.next());
    } else {
      failureBackoff.reset();
      schedule(intervalMs);
    }
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
    checkNow,
  };
}

/** Nobody has touched the screen or a key for `seconds` (system-wide idle time). */
export function idleFor(seconds: number, systemIdleSeconds: () => number): () => boolean {
  return () => systemIdleSeconds() >= seconds;
}
