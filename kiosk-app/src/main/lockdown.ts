/**
 * What keeps a visitor (or a scanned link, or a compromised page) inside the
 * kiosk: navigation only within the app's own origin (and, for the counter's
 * window screen, the hall's), no new windows, no webviews, no permissions but
 * the filing camera, no devtools, and none of the keyboard shortcuts that
 * close, reload or escape a kiosk window. Applied to every webContents the app
 * ever creates, through `web-contents-created`.
 */
import type { App, Input, Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol.ts';
import type { Logger } from './log.ts';

export type LockdownPolicy = {
  /** Which role this terminal plays: only the filing machine may use a camera. */
  role: string;
  log: Logger;
};

/** Extra origins a particular webContents may navigate within (the hall, for the window screen). */
const extraOrigins = new WeakMap<WebContents, Set<string>>();

export function allowOrigin(contents: WebContents, origin: string): void {
  let set = extraOrigins.get(contents);
  if (!set) extraOrigins.set(contents, (set = new Set()));
  set.add(new URL(origin).origin);
}

export function isNavigationAllowed(contents: WebContents, url: string): boolean {
  if (isAppUrl(url)) return true;
  try {
    const origin = new URL(url).origin;
    return origin !== 'null' && (extraOrigins.get(contents)?.has(origin) ?? false);
  } catch {
    return false;
  }
}

type Chord = { key: string; control?: boolean; alt?: boolean; shift?: boolean; meta?: boolean };

/** The same modifiers with each of `keys`. */
const chords = (modifiers: Omit<Chord, 'key'>, keys: readonly string[]): Chord[] => keys.map((key) => ({ key, ...modifiers }));

/**
 * Shortcuts that close, reload, zoom, print or inspect a window, or leave full
 * screen. Control and Meta are treated alike (macOS development machines).
 * System-wide ones (Ctrl+Alt+Del, Alt+Tab, the Windows key) never reach the
 * app: those are locked by the OS set-up, see docs/kiosk-deployment.md.
 */
export const BLOCKED_SHORTCUTS: readonly Chord[] = [
  // Close, quit, reload, new window or tab, print, save, open, zoom.
  ...chords({ control: true }, ['F4', 'w', 'q', 'r', 'n', 't', 'p', 's', 'o', '=', '+', '-', '0']),
  // The inspector.
  ...chords({ control: true, shift: true }, ['i', 'j', 'c']),
  // Close, back, forward, home.
  ...chords({ alt: true }, ['F4', 'ArrowLeft', 'ArrowRight', 'Home']),
  // Reload, full screen, the inspector, and the keyboard's browser keys.
  ...chords({}, ['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh']),
];

export function isBlockedShortcut(input: Pick<Input, 'type' | 'key' | 'control' | 'alt' | 'shift' | 'meta'>): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const control = input.control || input.meta;
  return BLOCKED_SHORTCUTS.some(
    (chord) =>
      chord.key === key &&
      (chord.control ?? false) === control &&
      (chord.alt ?? false) === input.alt &&
      // Shift only matters where the chord names it (Ctrl+R and Ctrl+Shift+R both reload).
      (chord.shift === undefined || chord.shift === input.shift),
  );
}

/** Everything that applies to one webContents. */
export function lockDownContents(contents: WebContents, policy: LockdownPolicy): void {
  const refuse = (what: string) => (event: { preventDefault(): void }, url: string) => {
    if (isNavigationAllowed(contents, url)) return;
    event.preventDefault();
    policy.log.warn(`${what} refused`, { url });
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-frame-navigate', (event) => refuse('frame navigation')(event, event.url));
  contents.on('will-redirect', refuse('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    policy.log.warn('new window refused', { url });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    policy.log.warn('webview refused');
  });
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  // devTools: false already removes them; this is for a build that forgets it.
  contents.on('devtools-opened', () => contents.closeDevTools());
  // No pinch zoom on the touch screen: a zoomed kiosk page hides its buttons.
  contents.on('did-finish-load', () => {
    void contents.setVisualZoomLevelLimits(1, 1).catch(() => {});
  });
}

export function installLockdown(app: App, policy: LockdownPolicy): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, policy));
}

type PermissionDetails = { requestingUrl?: string; securityOrigin?: string; mediaTypes?: string[]; mediaType?: string };

/**
 * Only the filing machine's renderer may open a camera (to capture a
 * visitor's materials), and only video. Everything else is refused: no
 * microphone, geolocation, notifications, HID/serial/USB from the page (the
 * device host owns the hardware), no clipboard.
 */
export function isPermissionAllowed(role: string, permission: string, details: PermissionDetails): boolean {
  if (permission !== 'media' || role !== 'filing') return false;
  const origin = details.securityOrigin ?? details.requestingUrl ?? '';
  if (!isAppUrl(origin.endsWith('/') ? origin : origin + '/')) return false;
  const types = details.mediaTypes ?? (details.mediaType ? [details.mediaType] : []);
  // 'unknown' is the check made before listing cameras by label.
  return types.length > 0 && types.every((t) => t === 'video' || t === 'unknown');
}

export function installPermissionPolicy(session: Session, policy: LockdownPolicy): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(policy.role, permission, details as PermissionDetails);
    if (!allowed) policy.log.warn('permission refused', { permission, url: details.requestingUrl });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => isPermissionAllowed(policy.role, permission, details as PermissionDetails));
  session.setDevicePermissionHandler(() => false);
}
