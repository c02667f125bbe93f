/**
 * Preload script of the kiosk window (bundled to dist/preload/index.cjs: a
 * sandboxed preload must be one CommonJS file). Exposes `window.hallKiosk`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/bridge.ts';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
