/**
 * The shell's windows: the kiosk window the visitor (or clerk) touches, and
 * on a counter terminal the visitor-facing window screen on a second display.
 * Both are locked down by lockdown.ts (through `web-contents-created`); this
 * module owns their options, what they load and their recovery after a crash.
 */
import { BrowserWindow, screen, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.ts';
import { Backoff, type Timers, realTimers } from './backoff.ts';
import type { Logger } from './log.ts';

/**
 * Electron's security checklist, applied to every window we open. `devTools:
 * false` removes the inspector entirely; lockdown.ts also closes one that
 * opens anyway.
 */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    devTools: false,
    spellcheck: false,
    safeDialogs: true,
    // Voice prompts and the call chime must play without a tap first.
    autoplayPolicy: 'no-user-gesture-required',
  };
}

function fullScreenOptions(bounds?: { x: number; y: number; width: number; height: number }): BrowserWindowConstructorOptions {
  return {
    ...(bounds ?? {}),
    show: false,
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    closable: false,
    skipTaskbar: true,
    backgroundColor: '#000000',
  };
}

export type KioskWindowOptions = {
  /** The bundled preload script (dist/preload/index.cjs). */
  preload: string;
  /** Which display to cover; the primary one when absent or not attached. */
  displayId?: number;
  log: Logger;
  timers?: Timers;
};

/** The kiosk window: full screen, kiosk mode, no menu, the renderer from app://kiosk/. */
export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const display = options.displayId === undefined ? undefined : screen.getAllDisplays().find((d) => d.id === options.displayId);
  const win = new BrowserWindow({ ...fullScreenOptions(display?.bounds), webPreferences: secureWebPreferences(options.preload) });
  return present(win, APP_ENTRY_URL, () => win.show(), { log: options.log, timers: options.timers, label: 'kiosk' });
}

export type WindowScreenOptions = {
  hallUrl: string;
  windowNo: number;
  /** The display to use, by Electron's display id; else the first one that is not primary. */
  displayId?: number;
  /** A display-role token for the page; it keeps it after the first load. */
  token?: string;
  log: Logger;
  timers?: Timers;
};

export function windowScreenUrl(hallUrl: string, windowNo: number, token?: string): string {
  const url = new URL(`window/${windowNo}`, hallUrl.endsWith('/') ? hallUrl : hallUrl + '/');
  // In the fragment: a browser never sends it to the hall, and the page keeps it after the first load.
  if (token) url.hash = new URLSearchParams({ token }).toString();
  return url.toString();
}

/**
 * The visitor-facing window screen of a counter terminal: the hall's own
 * `/window/{windowNo}` page on the second display. Not opened (and said so in
 * the log) when only one display is attached: the clerk's console must not be
 * covered.
 */
export function createWindowScreen(options: WindowScreenOptions): BrowserWindow | undefined {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const display = options.displayId !== undefined ? displays.find((d) => d.id === options.displayId) : displays.find((d) => d.id !== primary.id);
  if (!display) {
    options.log.warn('window screen not opened: display not attached', { displayId: options.displayId, displays: displays.map((d) => d.id) });
    return undefined;
  }
  const url = windowScreenUrl(options.hallUrl, options.windowNo, options.token);
  // No preload: the hall's page needs nothing from the kiosk.
  const win = new BrowserWindow({ ...fullScreenOptions(display.bounds), focusable: false, webPreferences: secureWebPreferences() });
  return present(win, url, () => win.showInactive(), { log: options.log, timers: options.timers, label: 'window-screen', retryFailedLoads: true });
}

/** `win` without a menu, loading `url`, shown by `show` once ready, and kept loaded after a crash or a hang. */
function present(win: BrowserWindow, url: string, show: () => void, keep: KeepLoadedOptions): BrowserWindow {
  win.removeMenu();
  win.once('ready-to-show', show);
  keepLoaded(win, url, keep);
  void win.loadURL(url);
  return win;
}

export type KeepLoadedOptions = {
  log: Logger;
  label: string;
  timers?: Timers;
  /** How long a hung renderer may stay unresponsive before it is killed and reloaded. */
  unresponsiveGraceMs?: number;
  /** Renderer healthy this long after a reload: the back-off starts over. */
  healthyAfterMs?: number;
  /** Also retry a main-frame load that failed (the hall's page while the hall is down). */
  retryFailedLoads?: boolean;
  backoff?: { initialMs?: number; maxMs?: number };
};

/**
 * Reloads `url` in `win` when its renderer dies, hangs or (optionally) fails to
 * load, with a growing pause between attempts so a page that crashes at once
 * does not spin the CPU. It reloads the start URL rather than the current one:
 * a fresh start screen also wipes whatever a visitor had entered.
 */
export function keepLoaded(win: BrowserWindow, url: string, options: KeepLoadedOptions): { pending(): boolean } {
  const timers = options.timers ?? realTimers;
  const backoff = new Backoff(options.backoff?.initialMs ?? 1_000, options.backoff?.maxMs ?? 60_000);
  const graceMs = options.unresponsiveGraceMs ?? 10_000;
  const healthyAfterMs = options.healthyAfterMs ?? 5 * 60_000;
  let reloadTimer: unknown;
  let hungTimer: unknown;
  let healthyTimer: unknown;
  const contents = win.webContents;

  const scheduleReload = (why: string, details?: unknown) => {
    if (reloadTimer !== undefined || win.isDestroyed()) return;
    const delay = backoff.next();
    options.log.warn(`${options.label} renderer ${why}; reloading in ${delay} ms`, details);
    if (healthyTimer !== undefined) timers.clearTimeout(healthyTimer);
    healthyTimer = undefined;
    reloadTimer = timers.setTimeout(() => {
      reloadTimer = undefined;
      if (win.isDestroyed()) return;
      void win.loadURL(url).catch((err: unknown) => options.log.warn(`${options.label} reload failed`, err));
    }, delay);
  };

  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    scheduleReload(`gone (${details.reason})`, details);
  });
  win.on('unresponsive', () => {
    if (hungTimer !== undefined) return;
    hungTimer = timers.setTimeout(() => {
      hungTimer = undefined;
      if (win.isDestroyed()) return;
      // Still hung: kill it, which raises render-process-gone and the reload.
      contents.forcefullyCrashRenderer();
      scheduleReload('unresponsive');
    }, graceMs);
  });
  win.on('responsive', () => {
    if (hungTimer !== undefined) timers.clearTimeout(hungTimer);
    hungTimer = undefined;
  });
  if (options.retryFailedLoads) {
    contents.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
      // -3 is ERR_ABORTED: a load we replaced ourselves.
      if (!isMainFrame || errorCode === -3) return;
      scheduleReload(`failed to load ${validatedURL} (${errorDescription})`);
    });
  }
  contents.on('did-finish-load', () => {
    if (healthyTimer !== undefined) timers.clearTimeout(healthyTimer);
    healthyTimer = timers.setTimeout(() => {
      healthyTimer = undefined;
      backoff.reset();
    }, healthyAfterMs);
  });
  win.on('closed', () => {
    for (const t of [reloadTimer, hungTimer, healthyTimer]) if (t !== undefined) timers.clearTimeout(t);
  });
  return { pending: () => reloadTimer !== undefined };
}
