/**
 * One kiosk shell per machine: two would fight over the serial ports and
 * stack two full-screen windows. A second launch (a double-click on the
 * desktop entry, an autostart racing a service) brings the first one to the
 * front and quits.
 */
import type { App, BrowserWindow } from 'electron';

/** False when another instance holds the lock: this one is quitting and must not go on. */
export function claimSingleInstance(app: App, mainWindow: () => BrowserWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = mainWindow();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
