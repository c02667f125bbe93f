/**
 * A stand-in for the `electron` module, so main-process and preload code runs
 * under plain Node (the Electron binary cannot be launched in tests). Each
 * test file mocks electron with it:
 *
 *   vi.mock('electron', () => import('./testing/electron-mock.ts'));
 *
 * and imports the same module to drive and inspect the fakes. Only what the
 * shell uses is modelled; `resetElectronMock()` between tests.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: any[]) => void;

/** An Electron-style event: `preventDefault()` marks it as refused. */
export class FakeEvent {
  defaultPrevented = false;
  url?: string;
  constructor(fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

export class FakeWebFrameMain {
  url: string;
  constructor(url: string) {
    this.url = url;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly loaded: string[] = [];
  mainFrame = new FakeWebFrameMain('');
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' };
  devToolsOpen = false;
  destroyed = false;
  reloads = 0;
  crashes = 0;
  zoomLimits?: [number, number];

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.mainFrame = new FakeWebFrameMain(url);
  }
  reload(): void {
    this.reloads++;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  openDevTools(): void {
    this.devToolsOpen = true;
    this.emit('devtools-opened');
  }
  closeDevTools(): void {
    this.devToolsOpen = false;
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpen;
  }
  forcefullyCrashRenderer(): void {
    this.crashes++;
  }
  async setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.zoomLimits = [min, max];
  }
  /** Emits an event with a FakeEvent first and returns that event. */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  readonly options: Record<string, any>;
  readonly webContents = new FakeWebContents();
  menuRemoved = false;
  kiosk: boolean;
  fullScreen: boolean;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(options: Record<string, any> = {}) {
    super();
    this.options = options;
    this.kiosk = Boolean(options.kiosk);
    this.fullScreen = Boolean(options.fullscreen);
    FakeBrowserWindow.all.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  removeMenu(): void {
    this.menuRemoved = true;
  }
  setMenu(menu: unknown): void {
    if (menu === null) this.menuRemoved = true;
  }
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }
  isKiosk(): boolean {
    return this.kiosk;
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag;
  }
  show(): void {
    this.visible = true;
  }
  showInactive(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroy();
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  version = '1.0.0';
  gotLock = true;
  quitCalls = 0;
  exitCodes: number[] = [];
  switches: [string, string | undefined][] = [];
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => {
      this.switches.push([name, value]);
    },
  };
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  isReady(): boolean {
    return true;
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  getVersion(): string {
    return this.version;
  }
  getAppPath(): string {
    return '/opt/HallKiosk/resources/app.asar';
  }
}

export const app = new FakeApp();

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export const ipcMain = new FakeIpcMain();

/**
 * The renderer side. `send` goes nowhere unless a test connects it with
 * `connectRenderer` (as the preload ⇄ main carrier of the contract test does).
 */
class FakeIpcRenderer extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  outlet?: (channel: string, ...args: unknown[]) => void;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    this.outlet?.(channel, ...args);
  }
  async invoke(): Promise<never> {
    throw new Error('the kiosk bridge does not use invoke');
  }
}

export const ipcRenderer = new FakeIpcRenderer();

/**
 * Joins the fake ipcRenderer to ipcMain as if the renderer ran in `contents`
 * at `frameUrl`, and ipcMain's replies (`contents.send`) to ipcRenderer.
 * Messages go through a structured clone, as they do between processes.
 */
export function connectRenderer(contents: FakeWebContents, frameUrl: string): void {
  contents.mainFrame = new FakeWebFrameMain(frameUrl);
  ipcRenderer.outlet = (channel, ...args) => {
    const event = { sender: contents, senderFrame: contents.mainFrame, processId: 1, frameId: 1 };
    setImmediate(() => ipcMain.emit(channel, event, ...structuredClone(args)));
  };
  const send = contents.send.bind(contents);
  contents.send = (channel: string, ...args: unknown[]) => {
    send(channel, ...args);
    const copy = structuredClone(args);
    setImmediate(() => ipcRenderer.emit(channel, {}, ...copy));
  };
}

export const exposed = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposed.set(key, api);
  },
};

export const protocol = {
  privileged: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  },
};

export class FakeSession {
  permissionRequestHandler?: (...args: any[]) => void;
  permissionCheckHandler?: (...args: any[]) => boolean;
  devicePermissionHandler?: (...args: any[]) => boolean;
  setPermissionRequestHandler(handler: (...args: any[]) => void): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: any[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: any[]) => boolean): void {
    this.devicePermissionHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export type FakeDisplay = { id: number; bounds: { x: number; y: number; width: number; height: number }; label?: string };
export const screen = {
  displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1080, height: 1920 } }] as FakeDisplay[],
  getAllDisplays(): FakeDisplay[] {
    return this.displays;
  },
  getPrimaryDisplay(): FakeDisplay {
    return this.displays[0]!;
  },
};

export const powerMonitor = {
  idleSeconds: 0,
  getSystemIdleTime(): number {
    return this.idleSeconds;
  },
};

export const Menu = {
  applicationMenu: undefined as unknown,
  setApplicationMenu(menu: unknown): void {
    this.applicationMenu = menu;
  },
};

export const net = {
  fetch: (input: string | Request, init?: RequestInit): Promise<Response> => fetch(input, init),
};

export { FakeBrowserWindow as BrowserWindow };

export function resetElectronMock(): void {
  FakeBrowserWindow.all.length = 0;
  app.removeAllListeners();
  app.isPackaged = false;
  app.gotLock = true;
  app.quitCalls = 0;
  app.exitCodes = [];
  app.switches = [];
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.sent.length = 0;
  ipcRenderer.outlet = undefined;
  exposed.clear();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  screen.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1080, height: 1920 } }];
  powerMonitor.idleSeconds = 0;
  Menu.applicationMenu = undefined;
}

export default {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  protocol,
  session,
  screen,
  powerMonitor,
  Menu,
  net,
};
