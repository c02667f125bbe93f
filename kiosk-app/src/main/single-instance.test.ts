import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./testing/electron-mock.ts'));
const electron = await import('./testing/electron-mock.ts');
const { claimSingleInstance } = await import('./single-instance.ts');

beforeEach(() => electron.resetElectronMock());

describe('single instance', () => {
  it('lets the first instance run', () => {
    expect(claimSingleInstance(electron.app as never, () => undefined)).toBe(true);
    expect(electron.app.quitCalls).toBe(0);
  });

  it('quits a second launch', () => {
    electron.app.gotLock = false;
    expect(claimSingleInstance(electron.app as never, () => undefined)).toBe(false);
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });

  it('brings the first instance’s window to the front when a second one starts', () => {
    const win = new electron.BrowserWindow({});
    win.minimized = true;
    claimSingleInstance(electron.app as never, () => win as never);
    electron.app.emit('second-instance', {}, ['hall-kiosk'], '/');
    expect(win.minimized).toBe(false);
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(true);
  });

  it('ignores a second launch before the window exists', () => {
    claimSingleInstance(electron.app as never, () => undefined);
    expect(() => electron.app.emit('second-instance', {}, [], '/')).not.toThrow();
  });
});
