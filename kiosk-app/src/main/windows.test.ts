import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./testing/electron-mock.ts'));
const electron = await import('./testing/electron-mock.ts');
const { createKioskWindow, createWindowScreen, keepLoaded, windowScreenUrl } = await import('./windows.ts');
const { installLockdown } = await import('./lockdown.ts');
const { memoryLogger } = await import('./log.ts');
const { manualTimers } = await import('./testing/manual-timers.ts');

type FakeWindow = InstanceType<typeof electron.BrowserWindow>;
const asFake = (w: unknown) => w as FakeWindow;

beforeEach(() => electron.resetElectronMock());

describe('the kiosk window', () => {
  it('is created with every setting of the security checklist', () => {
    const win = asFake(createKioskWindow({ preload: '/app/dist/preload/index.cjs', log: memoryLogger() }));
    // On: the page kept apart from Node and from other origins. Off: every way back to Node, to mixed content, to the inspector.
    const on = ['contextIsolation', 'sandbox', 'webSecurity'];
    const off = [
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'allowRunningInsecureContent',
      'webviewTag',
      'devTools',
      'experimentalFeatures',
    ];
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      ...Object.fromEntries([...on.map((setting) => [setting, true]), ...off.map((setting) => [setting, false])]),
    });
  });

  it('covers the screen in kiosk mode, without a menu or a frame', () => {
    const win = asFake(createKioskWindow({ preload: '/p.cjs', log: memoryLogger() }));
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, closable: false, minimizable: false });
    expect(win.menuRemoved).toBe(true);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('loads the renderer from the app protocol, never from file://', () => {
    const win = asFake(createKioskWindow({ preload: '/p.cjs', log: memoryLogger() }));
    expect(win.webContents.loaded).toEqual(['app://kiosk/kiosk/index.html']);
  });

  it('goes on the display named by id when it is attached', () => {
    electron.screen.displays = [
      { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
      { id: 7, bounds: { x: 1920, y: 0, width: 1080, height: 1920 } },
    ];
    const win = asFake(createKioskWindow({ preload: '/p.cjs', displayId: 7, log: memoryLogger() }));
    expect(win.options).toMatchObject({ x: 1920, y: 0, width: 1080, height: 1920 });
  });

  it('closes developer tools that open anyway', () => {
    installLockdown(electron.app as never, { role: 'ticket', log: memoryLogger() });
    const win = asFake(createKioskWindow({ preload: '/p.cjs', log: memoryLogger() }));
    win.webContents.openDevTools();
    expect(win.webContents.isDevToolsOpened()).toBe(false);
  });
});

describe('renderer recovery', () => {
  function setUp() {
    const timers = manualTimers();
    const log = memoryLogger();
    const win = asFake(createKioskWindow({ preload: '/p.cjs', log, timers }));
    return { timers, log, win };
  }

  it('reloads the start page after the renderer crashes', async () => {
    const { timers, win } = setUp();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(win.webContents.loaded).toHaveLength(1);
    await timers.advance(1_000);
    expect(win.webContents.loaded).toEqual(['app://kiosk/kiosk/index.html', 'app://kiosk/kiosk/index.html']);
  });

  it('waits longer after each crash in a row, and starts over once the page stays up', async () => {
    const { timers, win } = setUp();
    const crash = () => win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    crash();
    expect(timers.pending()).toEqual([1_000]);
    await timers.advance(1_000);
    crash();
    expect(timers.pending()).toEqual([2_000]);
    await timers.advance(2_000);
    crash();
    expect(timers.pending()).toEqual([4_000]);
    await timers.advance(4_000);
    win.webContents.emit('did-finish-load');
    await timers.advance(5 * 60_000);
    crash();
    expect(timers.pending()).toEqual([1_000]);
  });

  it('does not reload after a clean exit (the app is quitting)', async () => {
    const { timers, win } = setUp();
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    await timers.advance(60_000);
    expect(win.webContents.loaded).toHaveLength(1);
  });

  it('kills and reloads a renderer that stays unresponsive', async () => {
    const { timers, win } = setUp();
    win.emit('unresponsive');
    await timers.advance(9_000);
    expect(win.webContents.crashes).toBe(0);
    await timers.advance(1_000);
    expect(win.webContents.crashes).toBe(1);
    await timers.advance(1_000);
    expect(win.webContents.loaded).toHaveLength(2);
  });

  it('leaves a renderer alone that answers again within the grace period', async () => {
    const { timers, win } = setUp();
    win.emit('unresponsive');
    await timers.advance(5_000);
    win.emit('responsive');
    await timers.advance(60_000);
    expect(win.webContents.crashes).toBe(0);
    expect(win.webContents.loaded).toHaveLength(1);
  });

  it('stops once the window is gone', async () => {
    const { timers, win } = setUp();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    win.destroy();
    await timers.advance(60_000);
    expect(win.webContents.loaded).toHaveLength(1);
  });

  it('retries a failed load of a remote page, ignoring aborted loads', async () => {
    const timers = manualTimers();
    const win = new electron.BrowserWindow({});
    keepLoaded(win as never, 'http://hall/window/3', { log: memoryLogger(), label: 't', timers, retryFailedLoads: true });
    win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'http://hall/window/3', true);
    expect(timers.pending()).toEqual([]);
    win.webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://hall/window/3', true);
    await timers.advance(1_000);
    expect(win.webContents.loaded).toEqual(['http://hall/window/3']);
  });
});

describe('the window screen of a counter terminal', () => {
  const twoDisplays = () => {
    electron.screen.displays = [
      { id: 10, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
      { id: 11, bounds: { x: 1920, y: 0, width: 1280, height: 720 } },
      { id: 12, bounds: { x: 3200, y: 0, width: 1920, height: 1080 } },
    ];
  };

  it('shows the hall’s window page on the display chosen by id', () => {
    twoDisplays();
    const win = asFake(createWindowScreen({ hallUrl: 'http://hall.lan:8080', windowNo: 5, displayId: 12, log: memoryLogger() }));
    expect(win.options).toMatchObject({ x: 3200, width: 1920, kiosk: true, fullscreen: true, focusable: false });
    expect(win.webContents.loaded).toEqual(['http://hall.lan:8080/window/5']);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
    expect(win.options.webPreferences.preload).toBeUndefined();
  });

  it('takes the first display that is not primary when none is named', () => {
    twoDisplays();
    const win = asFake(createWindowScreen({ hallUrl: 'http://hall.lan:8080/', windowNo: 2, token: 'tok en', log: memoryLogger() }));
    expect(win.options).toMatchObject({ x: 1920 });
    expect(win.webContents.loaded).toEqual(['http://hall.lan:8080/window/2#token=tok+en']);
  });

  it('is not opened over the clerk’s console when the display is missing', () => {
    const log = memoryLogger();
    expect(createWindowScreen({ hallUrl: 'http://hall', windowNo: 1, log })).toBeUndefined();
    twoDisplays();
    expect(createWindowScreen({ hallUrl: 'http://hall', windowNo: 1, displayId: 99, log })).toBeUndefined();
    expect(log.entries.map((e) => e.message)).toEqual(['window screen not opened: display not attached', 'window screen not opened: display not attached']);
  });

  it('builds its URL under a hall mounted below a path', () => {
    expect(windowScreenUrl('https://hall.example/zwfw', 12)).toBe('https://hall.example/zwfw/window/12');
  });
});
