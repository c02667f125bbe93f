import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./testing/electron-mock.ts'));
const electron = await import('./testing/electron-mock.ts');
const { allowOrigin, installLockdown, installPermissionPolicy, isBlockedShortcut, isPermissionAllowed } = await import('./lockdown.ts');
const { memoryLogger } = await import('./log.ts');

beforeEach(() => electron.resetElectronMock());

function lockedContents(role = 'ticket') {
  const log = memoryLogger();
  installLockdown(electron.app as never, { role, log });
  const win = new electron.BrowserWindow({});
  return { contents: win.webContents, log };
}

const key = (key: string, mods: { control?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {}) => ({
  type: 'keyDown' as const,
  key,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

describe('navigation', () => {
  it('stays within the app protocol', () => {
    const { contents } = lockedContents();
    expect(contents.fire('will-navigate', 'app://kiosk/index.html#/services').defaultPrevented).toBe(false);
    expect(contents.fire('will-navigate', 'https://example.com/').defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', 'app://other/index.html').defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', 'javascript:alert(1)').defaultPrevented).toBe(true);
  });

  it('refuses redirects and frame navigations that leave it', () => {
    const { contents, log } = lockedContents();
    expect(contents.fire('will-redirect', 'http://evil.example/').defaultPrevented).toBe(true);
    const frame = new electron.FakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
    expect(log.entries.map((e) => e.message)).toEqual(['redirect refused', 'frame navigation refused']);
  });

  it('lets the window screen move within the hall it was given, and nowhere else', () => {
    const { contents } = lockedContents();
    allowOrigin(contents as never, 'http://hall.lan:8080/window/3');
    expect(contents.fire('will-navigate', 'http://hall.lan:8080/window/3#token=x').defaultPrevented).toBe(false);
    expect(contents.fire('will-navigate', 'http://hall.lan:9090/').defaultPrevented).toBe(true);
    // Another webContents is not widened by it.
    const other = new electron.BrowserWindow({}).webContents;
    expect(other.fire('will-navigate', 'http://hall.lan:8080/window/3').defaultPrevented).toBe(true);
  });

  it('opens no new windows and attaches no webviews', () => {
    const { contents } = lockedContents();
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/kiosk/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
  });

  it('applies to every webContents the app creates', () => {
    lockedContents();
    const later = new electron.BrowserWindow({}).webContents;
    expect(later.windowOpenHandler).toBeDefined();
    expect(later.fire('will-navigate', 'https://example.com/').defaultPrevented).toBe(true);
  });

  it('turns off pinch zoom once a page has loaded', async () => {
    const { contents } = lockedContents();
    contents.emit('did-finish-load');
    expect(contents.zoomLimits).toEqual([1, 1]);
  });
});

describe('keyboard shortcuts', () => {
  it.each([
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+R', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['F12', key('F12')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Cmd+Shift+I', key('i', { meta: true, shift: true })],
    ['Ctrl+Q', key('q', { control: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['Ctrl+Plus', key('=', { control: true })],
    ['Alt+Left', key('ArrowLeft', { alt: true })],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
    const { contents } = lockedContents();
    expect(contents.fire('before-input-event', input).defaultPrevented).toBe(true);
  });

  it.each([
    ['digits', key('7')],
    ['letters', key('a')],
    ['Shift+letter', key('A', { shift: true })],
    ['Enter', key('Enter')],
    ['Backspace', key('Backspace')],
    ['Ctrl+A', key('a', { control: true })],
    ['Escape', key('Escape')],
  ])('lets %s through (typing an appointment code, scanners in keyboard mode)', (_name, input) => {
    const { contents } = lockedContents();
    expect(contents.fire('before-input-event', input).defaultPrevented).toBe(false);
  });

  it('only looks at key presses', () => {
    expect(isBlockedShortcut({ ...key('F5'), type: 'keyUp' })).toBe(false);
  });
});

describe('permissions', () => {
  const video = { requestingUrl: 'app://kiosk/kiosk/index.html', securityOrigin: 'app://kiosk/', mediaTypes: ['video'] };

  it('gives the filing machine its camera', () => {
    expect(isPermissionAllowed('filing', 'media', video)).toBe(true);
  });

  it('refuses the camera to other roles, the microphone to everyone, and pages from elsewhere', () => {
    expect(isPermissionAllowed('ticket', 'media', video)).toBe(false);
    expect(isPermissionAllowed('counter', 'media', video)).toBe(false);
    expect(isPermissionAllowed('filing', 'media', { ...video, mediaTypes: ['audio'] })).toBe(false);
    expect(isPermissionAllowed('filing', 'media', { ...video, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isPermissionAllowed('filing', 'media', { ...video, mediaTypes: [] })).toBe(false);
    expect(
      isPermissionAllowed('filing', 'media', { requestingUrl: 'https://evil.example/', securityOrigin: 'https://evil.example', mediaTypes: ['video'] }),
    ).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'fullscreen', 'openExternal', 'display-capture'])(
    'refuses %s to every role',
    (permission) => {
      for (const role of ['ticket', 'filing', 'counter']) expect(isPermissionAllowed(role, permission, video)).toBe(false);
    },
  );

  it('answers requests and checks through the session handlers, and refuses device pickers', () => {
    const log = memoryLogger();
    installPermissionPolicy(electron.session.defaultSession as never, { role: 'filing', log });
    const ses = electron.session.defaultSession;
    const answers: boolean[] = [];
    ses.permissionRequestHandler!({}, 'media', (ok: boolean) => answers.push(ok), video);
    ses.permissionRequestHandler!({}, 'geolocation', (ok: boolean) => answers.push(ok), video);
    expect(answers).toEqual([true, false]);
    expect(ses.permissionCheckHandler!({}, 'media', 'app://kiosk', { securityOrigin: 'app://kiosk/', mediaType: 'video' })).toBe(true);
    expect(ses.permissionCheckHandler!({}, 'media', 'app://kiosk', { securityOrigin: 'app://kiosk/', mediaType: 'audio' })).toBe(false);
    expect(ses.devicePermissionHandler!({ deviceType: 'hid' })).toBe(false);
    expect(log.entries).toEqual([expect.objectContaining({ message: 'permission refused', details: expect.objectContaining({ permission: 'geolocation' }) })]);
  });
});
