/**
 * The device host inside Electron's main process: the same device code the
 * `npm run agent` process runs (src/agent), started here and handed to the
 * IPC bridge. The agent restarts a driver that dies; this module restarts the
 * whole host when it fails to start or throws where nobody catches it, so a
 * bad driver cannot take the kiosk window down with it.
 */
import { serialQueue } from '@hall/common';
import type { KioskHost } from '../shared/host.ts';
import { Backoff, realTimers, type Timers } from './backoff.ts';
import type { Logger } from './log.ts';

/** What `createDeviceHost` (src/agent/index.ts) resolves to. */
export type DeviceHostHandle = {
  host: KioskHost;
  close(): Promise<void>;
  /** Staff asked to leave kiosk mode (exitKiosk after a staff PIN). */
  onExitRequested(cb: () => void): void;
  /** Optional: the host reports that it died on its own. */
  onCrash?(cb: (err: unknown) => void): void;
};

/** The agent module's entry points the shell uses, injected so tests can bring a fake host. */
export type DeviceAgentModule<Config> = {
  loadAgentConfig(env: NodeJS.ProcessEnv): Config | Promise<Config>;
  createDeviceHost(config: Config, options?: Record<string, unknown>): Promise<DeviceHostHandle>;
};

export type DeviceSupervisorOptions = {
  start: () => Promise<DeviceHostHandle>;
  /** The host now serving, or undefined while it (re)starts. */
  onHost: (host: KioskHost | undefined) => void;
  onExitRequested: () => void;
  log: Logger;
  timers?: Timers;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Host up this long: the back-off starts over. */
  healthyAfterMs?: number;
  /** How long a closing host may take before it is abandoned. */
  closeTimeoutMs?: number;
};

export type DeviceSupervisor = {
  start(): Promise<void>;
  /** Tears the host down and starts a new one (after an uncaught error in device code). */
  restart(reason: unknown): Promise<void>;
  stop(): Promise<void>;
  current(): KioskHost | undefined;
  /** Number of starts attempted so far (for tests and the log). */
  attempts(): number;
};

export function superviseDeviceHost(options: DeviceSupervisorOptions): DeviceSupervisor {
  const { log } = options;
  const timers = options.timers ?? realTimers;
  const backoff = new Backoff(options.backoff?.initialMs ?? 1_000, options.backoff?.maxMs ?? 30_000);
  const healthyAfterMs = options.healthyAfterMs ?? 60_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  let handle: DeviceHostHandle | undefined;
  let retryTimer: unknown;
  let healthyTimer: unknown;
  let stopped = false;
  let attempts = 0;
  /** Increases with every start and stop, so callbacks of an older host are ignored. */
  let generation = 0;

  const clearTimers = () => {
    if (retryTimer !== undefined) timers.clearTimeout(retryTimer);
    if (healthyTimer !== undefined) timers.clearTimeout(healthyTimer);
    retryTimer = healthyTimer = undefined;
  };

  const closeCurrent = async () => {
    const old = handle;
    handle = undefined;
    options.onHost(undefined);
    if (!old) return;
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = timers.setTimeout(() => {
        log.warn('device host did not close in time; abandoned');
        resolve();
      }, closeTimeoutMs);
    });
    await Promise.race([old.close().catch((err: unknown) => log.warn('device host close failed', err)), timeout]);
    timers.clearTimeout(timer);
  };

  const scheduleRetry = (reason: unknown) => {
    if (stopped || retryTimer !== undefined) return;
    if (healthyTimer !== undefined) timers.clearTimeout(healthyTimer);
    healthyTimer = undefined;
    const delay = backoff.next();
    log.error(`device host down; restarting in ${delay} ms`, reason);
    retryTimer = timers.setTimeout(() => {
      retryTimer = undefined;
      void serial(() => closeCurrent().then(launch));
    }, delay);
  };

  const launch = async () => {
    if (stopped) return;
    const mine = ++generation;
    attempts++;
    let next: DeviceHostHandle;
    try {
      next = await options.start();
    } catch (err) {
      if (mine === generation) scheduleRetry(err);
      return;
    }
    if (stopped || mine !== generation) {
      await next.close().catch(() => {});
      return;
    }
    handle = next;
    next.onExitRequested(() => {
      if (mine === generation) options.onExitRequested();
    });
    next.onCrash?.((err) => {
      if (mine === generation && handle === next) scheduleRetry(err);
    });
    options.onHost(next.host);
    log.info('device host started', { attempt: attempts });
    healthyTimer = timers.setTimeout(() => {
      healthyTimer = undefined;
      backoff.reset();
    }, healthyAfterMs);
  };

  /** One start/stop at a time. */
  const serial = serialQueue();

  return {
    start: () => serial(launch),
    restart(reason) {
      if (stopped) return Promise.resolve();
      clearTimers();
      return new Promise<void>((resolve) => {
        void serial(async () => {
          await closeCurrent();
          scheduleRetry(reason);
          resolve();
        });
      });
    },
    stop() {
      stopped = true;
      generation++;
      clearTimers();
      return serial(closeCurrent);
    },
    current: () => handle?.host,
    attempts: () => attempts,
  };
}
