/**
 * Wires the shell together: the app scheme and lockdown before Electron is
 * ready, then the windows, the IPC bridge, the device host and update
 * checks. The agent module is passed in (index.ts imports the real one) so
 * the whole start-up runs in tests against a fake device host.
 */
import { app, Menu, powerMonitor, net, session, type BrowserWindow } from 'electron';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { superviseDeviceHost, type DeviceAgentModule, type DeviceSupervisor } from './devices.ts';
import { createIpcBridge, type IpcBridge } from './ipc.ts';
import { installLockdown, installPermissionPolicy, allowOrigin } from './lockdown.ts';
import { createLogger, type Logger } from './log.ts';
import { hallOrigins, readShellSettings, type AgentConfigView, type ShellSettings } from './settings.ts';
import { claimSingleInstance } from './single-instance.ts';
import { createUpdateChecker, idleFor } from './updates.ts';
import { createKioskWindow, createWindowScreen } from './windows.ts';
import type { Timers } from './backoff.ts';

/**
 * Exit status after staff leave kiosk mode. The service manager is told not
 * to restart on it (systemd `RestartPreventExitStatus=`, Shell Launcher's
 * exit-code action); any other exit is a crash and restarts the shell.
 */
export const EXIT_STAFF = 64;

export type ShellOptions<Config> = {
  agent: DeviceAgentModule<Config>;
  env: NodeJS.ProcessEnv;
  /** The folder holding main/, preload/ and renderer/ (dist/ when packaged). */
  distDir: string;
  platform?: string;
  arch?: string;
  log?: Logger;
  timers?: Timers;
  /** Passed to the agent's createDeviceHost (its logger, for one). */
  hostOptions?: Record<string, unknown>;
  /** Catch errors nobody else caught and restart the device host on them (off in tests). */
  catchUncaught?: boolean;
};

export type Shell = {
  settings: ShellSettings;
  kioskWindow: BrowserWindow;
  windowScreen?: BrowserWindow;
  bridge: IpcBridge;
  devices: DeviceSupervisor;
  shutdown(): Promise<void>;
};

/** Resolves to undefined when another instance is already running (this one quits). */
export async function startShell<Config>(options: ShellOptions<Config>): Promise<Shell | undefined> {
  const log = options.log ?? createLogger();
  let kioskWindow: BrowserWindow | undefined;

  registerAppScheme();
  // Voice prompts and the call chime play without a tap first.
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  if (!claimSingleInstance(app, () => kioskWindow)) return undefined;

  let config: Config | undefined;
  let configError: unknown;
  try {
    config = await options.agent.loadAgentConfig(options.env);
  } catch (err) {
    // The window still opens and shows the device service as unreachable;
    // the log says what to fix.
    configError = err;
    log.error('terminal configuration invalid; devices will not start', err);
  }
  const settings = readShellSettings(options.env, config as AgentConfigView | undefined, options.distDir);

  installLockdown(app, { role: settings.role, log });
  await app.whenReady();
  Menu.setApplicationMenu(null);
  installPermissionPolicy(session.defaultSession, { role: settings.role, log });
  serveRenderer(settings.rendererDir, { connectOrigins: hallOrigins(settings.hallUrl) });

  const bridge = createIpcBridge({ log });
  kioskWindow = createKioskWindow({ preload: settings.preloadPath, displayId: settings.kioskDisplayId, log, timers: options.timers });
  bridge.addWindow(kioskWindow.webContents);

  let windowScreen: BrowserWindow | undefined;
  if (settings.windowScreen && settings.hallUrl) {
    windowScreen = createWindowScreen({ hallUrl: settings.hallUrl, ...settings.windowScreen, log, timers: options.timers });
    if (windowScreen) allowOrigin(windowScreen.webContents, settings.hallUrl);
  } else if (settings.role === 'counter') {
    log.warn('counter terminal without KIOSK_WINDOW_NO: no window screen');
  }

  let shuttingDown: Promise<void> | undefined;
  const devices = superviseDeviceHost({
    start: async () => {
      if (config === undefined) {
        try {
          config = await options.agent.loadAgentConfig(options.env);
        } catch (err) {
          configError = err;
          throw err;
        }
      }
      return options.agent.createDeviceHost(config, { agentVersion: app.getVersion(), ...options.hostOptions });
    },
    onHost: (host) => bridge.setHost(host),
    onExitRequested: () => {
      log.info('staff left kiosk mode');
      void shutdown().then(() => app.exit(EXIT_STAFF));
    },
    log,
    timers: options.timers,
    // A broken set-up will not fix itself quickly: retry it rarely.
    backoff: configError ? { initialMs: 30_000, maxMs: 5 * 60_000 } : undefined,
  });

  const updates = settings.updateUrl
    ? createUpdateChecker({
        feedUrl: settings.updateUrl,
        currentVersion: app.getVersion(),
        platform: options.platform ?? process.platform,
        arch: options.arch ?? process.arch,
        fetch: (url, init) => net.fetch(url, init),
        isIdle: idleFor(settings.idleSeconds, () => powerMonitor.getSystemIdleTime()),
        onAvailable: (check) =>
          log.info('a newer kiosk version is on the update feed; install it from there (docs/kiosk-deployment.md)', {
            version: check.manifest.version,
            path: check.manifest.path,
          }),
        log,
        timers: options.timers,
      })
    : undefined;

  const onUncaught = (err: unknown) => {
    log.error('uncaught error in the main process; restarting the device host', err);
    void devices.restart(err);
  };
  if (options.catchUncaught) {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
  }

  const shutdown = (): Promise<void> =>
    (shuttingDown ??= (async () => {
      updates?.stop();
      if (options.catchUncaught) {
        process.off('uncaughtException', onUncaught);
        process.off('unhandledRejection', onUncaught);
      }
      await devices.stop();
      bridge.close();
    })());

  // Serial ports and the offline outbox are closed before Electron goes.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void shutdown().then(() => {
      closed = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => app.quit());

  await devices.start();
  updates?.start();
  return { settings, kioskWindow, windowScreen, bridge, devices, shutdown };
}
