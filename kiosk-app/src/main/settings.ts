/**
 * The shell's own settings: what the agent's config loader gives (role, hall
 * URL, the terminal set-up's display settings), plus the few things only the
 * shell needs, from the environment:
 *
 * | variable | meaning |
 * |---|---|
 * | `KIOSK_UPDATE_URL` | the LAN update feed (electron-builder `generic` layout); no checks when unset |
 * | `KIOSK_WINDOW_NO` | counter role: the window number whose visitor-facing screen to show |
 * | `KIOSK_WINDOW_SCREEN_DISPLAY` | counter role: Electron display id for that screen (else the set-up's `display.windowScreen.displayId`, else the first non-primary display) |
 * | `KIOSK_WINDOW_SCREEN_TOKEN` | a `display` token for the window screen page (passed once in the fragment, `#token=`; bound to the window: `token create --role display --window N`) |
 * | `KIOSK_DISPLAY` | Electron display id for the kiosk window itself (default: primary) |
 * | `KIOSK_RENDERER_DIR` | the built renderer (default: `dist/renderer` beside the main bundle) |
 */
import path from 'node:path';
import { PRELOAD_BUNDLE, RENDERER_DIR } from './bundle-layout.ts';

export type ShellSettings = {
  role: string;
  hallUrl?: string;
  rendererDir: string;
  preloadPath: string;
  /** Seconds without a touch after which the kiosk counts as idle (updates wait for it). */
  idleSeconds: number;
  kioskDisplayId?: number;
  windowScreen?: { windowNo: number; displayId?: number; token?: string };
  updateUrl?: string;
};

/** The part of the agent's config the shell reads (src/agent/config.ts AgentConfig). */
export type AgentConfigView = {
  role?: string;
  hallUrl?: string;
  terminal?: { display?: { idleResetSeconds?: number } & Record<string, unknown> };
};

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

export function readShellSettings(env: NodeJS.ProcessEnv, config: AgentConfigView | undefined, distDir: string): ShellSettings {
  const role = config?.role ?? nonEmpty(env.KIOSK_ROLE) ?? 'ticket';
  const hallUrl = config?.hallUrl ?? nonEmpty(env.HALL_URL)?.replace(/\/+$/, '');
  const display = config?.terminal?.display ?? {};
  // Not in the terminal set-up schema yet: read loosely so a set-up can carry it once it is.
  const windowScreenSetup = (display.windowScreen ?? {}) as { displayId?: unknown; windowNo?: unknown };

  const settings: ShellSettings = {
    role,
    rendererDir: path.resolve(nonEmpty(env.KIOSK_RENDERER_DIR) ?? path.join(distDir, RENDERER_DIR)),
    preloadPath: path.join(distDir, PRELOAD_BUNDLE.dir, PRELOAD_BUNDLE.file),
    // Idle for updates: well past the renderer's own reset to the attract screen.
    idleSeconds: Math.max(120, 2 * (display.idleResetSeconds ?? 60)),
  };
  if (hallUrl) settings.hallUrl = hallUrl;
  const kioskDisplayId = positiveInt(env.KIOSK_DISPLAY);
  if (kioskDisplayId !== undefined) settings.kioskDisplayId = kioskDisplayId;

  if (role === 'counter') {
    const windowNo = positiveInt(env.KIOSK_WINDOW_NO) ?? positiveInt(windowScreenSetup.windowNo);
    if (windowNo !== undefined) {
      settings.windowScreen = { windowNo };
      const displayId = positiveInt(env.KIOSK_WINDOW_SCREEN_DISPLAY) ?? positiveInt(windowScreenSetup.displayId);
      if (displayId !== undefined) settings.windowScreen.displayId = displayId;
      const token = nonEmpty(env.KIOSK_WINDOW_SCREEN_TOKEN);
      if (token) settings.windowScreen.token = token;
    }
  }
  const updateUrl = nonEmpty(env.KIOSK_UPDATE_URL);
  if (updateUrl) settings.updateUrl = updateUrl;
  return settings;
}

/** Where the page may connect besides itself: the hall, over HTTP and WebSocket. */
export function hallOrigins(hallUrl: string | undefined): string[] {
  if (!hallUrl) return [];
  try {
    const url = new URL(hallUrl);
    const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return [url.origin, `${ws}//${url.host}`];
  } catch {
    return [];
  }
}
