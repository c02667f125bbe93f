/**
 * What the kiosk's Debian package needs from and gives to a minimal Linux
 * machine: the libraries Electron loads (a kiosk image often has no desktop
 * that would have pulled them in), and the udev rule that lets the kiosk user
 * open the USB HID and USB printer devices of every model the project knows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModels, type ModelCatalog, usbIdValue } from '@hall/hardware-profiles';

/**
 * The shared libraries Electron's binary loads on Linux, with the Debian
 * packages that provide them. The list follows the Depends of Google
 * Chrome's own .deb (Electron is Chromium with Node). Ubuntu 24.04 and Debian
 * 13 renamed several in the 64-bit time_t transition (`…t64`): both names are
 * given, as alternatives.
 */
export const ELECTRON_LIBRARIES: readonly { soname: string; packages: readonly string[] }[] = [
  { soname: 'libasound.so.2', packages: ['libasound2', 'libasound2t64'] },
  { soname: 'libatk-1.0.so.0', packages: ['libatk1.0-0', 'libatk1.0-0t64'] },
  { soname: 'libatk-bridge-2.0.so.0', packages: ['libatk-bridge2.0-0', 'libatk-bridge2.0-0t64'] },
  { soname: 'libatspi.so.0', packages: ['libatspi2.0-0', 'libatspi2.0-0t64'] },
  { soname: 'libcairo.so.2', packages: ['libcairo2'] },
  { soname: 'libcups.so.2', packages: ['libcups2', 'libcups2t64'] },
  { soname: 'libdbus-1.so.3', packages: ['libdbus-1-3'] },
  { soname: 'libdrm.so.2', packages: ['libdrm2'] },
  { soname: 'libexpat.so.1', packages: ['libexpat1'] },
  { soname: 'libgbm.so.1', packages: ['libgbm1'] },
  { soname: 'libglib-2.0.so.0', packages: ['libglib2.0-0', 'libglib2.0-0t64'] },
  { soname: 'libgtk-3.so.0', packages: ['libgtk-3-0', 'libgtk-3-0t64'] },
  { soname: 'libnspr4.so', packages: ['libnspr4'] },
  { soname: 'libnss3.so', packages: ['libnss3'] },
  { soname: 'libpango-1.0.so.0', packages: ['libpango-1.0-0'] },
  { soname: 'libudev.so.1', packages: ['libudev1'] },
  { soname: 'libX11.so.6', packages: ['libx11-6'] },
  { soname: 'libxcb.so.1', packages: ['libxcb1'] },
  { soname: 'libXcomposite.so.1', packages: ['libxcomposite1'] },
  { soname: 'libXdamage.so.1', packages: ['libxdamage1'] },
  { soname: 'libXext.so.6', packages: ['libxext6'] },
  { soname: 'libXfixes.so.3', packages: ['libxfixes3'] },
  { soname: 'libxkbcommon.so.0', packages: ['libxkbcommon0'] },
  { soname: 'libXrandr.so.2', packages: ['libxrandr2'] },
];

/** The kiosk deb's Depends: Electron's libraries, libusb for the HID driver, udev for the rule below. */
export function kioskDebDepends(): string[] {
  return [...ELECTRON_LIBRARIES.map((lib) => lib.packages.join(' | ')), 'libusb-1.0-0', 'udev'];
}

export const UDEV_RULES_FILE = '70-hall-kiosk.rules';

/** A USB id as lsusb prints it and udev matches it: four lower-case hex digits. */
const hex = (id: string | number) => usbIdValue(id).toString(16).padStart(4, '0');

/**
 * One rule per USB id of a model the kiosk drives directly: HID devices
 * (scanners, ID readers, keypads in HID-POS mode) through hidraw, and USB
 * printer-class printers through /dev/usb/lp*. Serial and CDC devices need
 * none: the kiosk user is in `dialout`. Keyboard-emulation interfaces need
 * none either: they type into the focused window like any keyboard.
 */
export function udevRules(models: ModelCatalog): string {
  const lines = new Set<string>();
  for (const [id, model] of [...models].sort(([a], [b]) => a.localeCompare(b))) {
    for (const iface of model.interfaces) {
      if (!('vendorId' in iface) || iface.vendorId === undefined || iface.productId === undefined) continue;
      const ids = `ATTRS{idVendor}=="${hex(iface.vendorId)}", ATTRS{idProduct}=="${hex(iface.productId)}"`;
      // udev reads a comment only on a line of its own.
      if (iface.type === 'usb-hid' && iface.usage !== 'keyboard') lines.add(`# ${id}\nSUBSYSTEM=="hidraw", ${ids}, MODE="0660", GROUP="plugdev"`);
      if (iface.type === 'usb-printer') lines.add(`# ${id}\nSUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", ${ids}, MODE="0660", GROUP="plugdev"`);
    }
  }
  return [
    '# The USB devices of the hall kiosk, opened by its user (member of plugdev).',
    '# Generated from hardware-profiles/devices when the kiosk package is built.',
    ...lines,
    '',
  ].join('\n');
}

/** Where the package's generated files are written before electron-builder packs them. */
export const LINUX_FILES_DIR = fileURLToPath(new URL('../dist/linux/', import.meta.url));
const SYSTEMD_USER_UNIT = fileURLToPath(new URL('hall-kiosk.service', import.meta.url));

/** The generated udev rule, written where the deb's file mappings expect it. */
export function writeLinuxFiles(models: ModelCatalog = loadModels()): string {
  mkdirSync(LINUX_FILES_DIR, { recursive: true });
  const path = join(LINUX_FILES_DIR, UDEV_RULES_FILE);
  writeFileSync(path, udevRules(models));
  return path;
}

/** fpm's `source=destination` mappings: files the deb installs outside the application's directory. */
export function kioskDebFiles(): string[] {
  return [
    `${join(LINUX_FILES_DIR, UDEV_RULES_FILE)}=/usr/lib/udev/rules.d/${UDEV_RULES_FILE}`,
    `${SYSTEMD_USER_UNIT}=/usr/lib/systemd/user/hall-kiosk.service`,
  ];
}
