/**
 * Packaging of the kiosk application for Linux (AppImage + deb) and Windows
 * (NSIS) kiosks. How to build and install: docs/kiosk-deployment.md.
 *
 * electron-builder runs from the repository root (`npm run package:linux -w
 * kiosk-app`), so the paths here are relative to it; the bundles' own layout
 * comes from src/main/bundle-layout.ts, which the Vite configs build to.
 *
 * Native modules are not rebuilt: better-sqlite3 (node-addon-api), serialport's
 * @serialport/bindings-cpp and node-hid all load N-API prebuilds that Electron
 * takes as they are. They stay outside the JavaScript bundle and outside asar.
 */
import type { Configuration } from 'electron-builder';
import { kioskDebDepends, kioskDebFiles, writeLinuxFiles } from './packaging/linux.ts';
import { DIST_DIR, MAIN_BUNDLE, PRELOAD_BUNDLE, PROFILE_DIRS, RENDERER_DIR } from './src/main/bundle-layout.ts';

/** The native modules that load binaries at run time: unpacked from asar. */
export const UNPACKED_NATIVE_MODULES = ['better-sqlite3', '@serialport/bindings-cpp', 'node-hid'] as const;

/**
 * electron-builder's own macros, expanded by it when packaging. Plain strings:
 * they must reach electron-builder unexpanded.
 */
// biome-ignore-start lint/suspicious/noTemplateCurlyInString: electron-builder expands these itself
const UPDATE_FEED_URL = '${env.KIOSK_UPDATE_URL}';
const APPIMAGE_NAME = '${productName}-${version}-${arch}.${ext}';
const NSIS_NAME = '${productName}-Setup-${version}.${ext}';
// biome-ignore-end lint/suspicious/noTemplateCurlyInString: electron-builder expands these itself

const bundleDirs = [MAIN_BUNDLE.dir, PRELOAD_BUNDLE.dir, RENDERER_DIR, ...PROFILE_DIRS];

const config: Configuration = {
  appId: 'cn.gov.hall.kiosk',
  productName: 'HallKiosk',
  copyright: 'Copyright © 2026 政务服务大厅 kiosk project',

  directories: {
    app: 'kiosk-app',
    output: 'dist/kiosk',
    buildResources: 'kiosk-app/build',
  },

  // The shell is bundled (kiosk-app/vite.main.config.ts); the package ships the
  // bundles, the built renderer and the hardware profiles' data, not the sources.
  files: [
    'package.json',
    ...bundleDirs.map((dir) => `${DIST_DIR}/${dir}/**`),
    `!${DIST_DIR}/**/*.map`,
    '!src/**',
    '!bench/**',
    '!test/**',
    // The workspaces are bundled into the main bundle: their TypeScript sources are not needed.
    '!**/node_modules/@hall/**',
    '!**/node_modules/*/{README.md,CHANGELOG.md,*.d.ts,test,tests,docs}',
  ],

  extraMetadata: { main: `${DIST_DIR}/${MAIN_BUNDLE.dir}/${MAIN_BUNDLE.file}` },

  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,

  asar: true,
  asarUnpack: ['**/*.node', ...UNPACKED_NATIVE_MODULES.map((m) => `**/node_modules/${m}/**`)],

  // Flipped in the Electron binary at packaging time (see "Security" in
  // docs/kiosk-deployment.md for what each one closes).
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },

  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    executableName: 'hall-kiosk',
    maintainer: 'Hall kiosk team <kiosk@hall.example>',
    vendor: '政务服务大厅 kiosk project',
    synopsis: 'Self-service ticket kiosk for government service halls',
    description:
      '政务服务大厅自助终端: ticket kiosk, filing machine and counter terminal, with the device host for ID-card readers, ticket printers and scanners.',
    desktop: {
      entry: {
        Name: '政务服务自助终端',
        'Name[en]': 'Hall kiosk',
        Comment: '政务服务大厅自助取号终端',
        'Comment[en]': 'Self-service ticket kiosk',
        StartupWMClass: 'HallKiosk',
        Terminal: 'false',
        NoDisplay: 'false',
      },
    },
  },

  // What a minimal kiosk image lacks, and the files the deb installs outside /opt/HallKiosk:
  // the udev rule for the USB devices and the systemd user unit (packaging/linux.ts).
  deb: {
    depends: kioskDebDepends(),
    fpm: kioskDebFiles(),
  },
  beforePack: async () => {
    writeLinuxFiles();
  },

  appImage: { artifactName: APPIMAGE_NAME },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    executableName: 'HallKiosk',
  },

  nsis: {
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: false,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    runAfterFinish: false,
    artifactName: NSIS_NAME,
  },

  // The hall's LAN update feed, electron-builder's generic layout:
  // latest-linux.yml / latest.yml beside the artefacts. The shell checks it
  // (kiosk-app/src/main/updates.ts); KIOSK_UPDATE_URL must be set when building
  // too, so that the packaged app-update.yml names the same feed.
  publish: [{ provider: 'generic', url: UPDATE_FEED_URL }],
};

export default config;
