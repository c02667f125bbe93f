/**
 * The Debian control data of the hall server's package: pure, from the
 * package's facts, so a test can read what dpkg will see.
 */

/** Node's names for the architectures we ship → Debian's. */
export const DEBIAN_ARCH = { x64: 'amd64', arm64: 'arm64' } as const;
export type NodeArch = keyof typeof DEBIAN_ARCH;
export const NODE_ARCHES = Object.keys(DEBIAN_ARCH) as NodeArch[];

/**
 * What the shipped binaries need from the system: measured with
 * dpkg-shlibdeps on Node 24's binary and better-sqlite3's prebuilt addon
 * (the addon asks for glibc 2.34 and GCC 11's libstdc++; Node itself for 2.28).
 * The package test measures it again on every build, so this cannot go stale.
 */
export const SHARED_LIBRARY_DEPENDS = 'libc6 (>= 2.34), libgcc-s1 (>= 3.4), libstdc++6 (>= 11)';

export type ControlFacts = {
  version: string;
  arch: NodeArch;
  /** Sum of the installed files' sizes, in KiB (dpkg's unit). */
  installedSizeKiB: number;
  nodeVersion: string;
};

export function controlFile(facts: ControlFacts): string {
  const fields: [string, string][] = [
    ['Package', 'hall-server'],
    ['Version', facts.version],
    ['Architecture', DEBIAN_ARCH[facts.arch]],
    ['Maintainer', 'Hall server maintainers <hall-server@localhost>'],
    ['Installed-Size', String(facts.installedSizeKiB)],
    ['Depends', `${SHARED_LIBRARY_DEPENDS}, adduser`],
    ['Section', 'net'],
    ['Priority', 'optional'],
    ['Homepage', 'https://hall.invalid/'],
    [
      'Description',
      [
        'queue and ticketing server for government service halls',
        ` The hall server of the 政务服务大厅 kiosk system: queue engine, SQLite store,`,
        ' HTTP and socket.io API, the hall wall, window and manager pages, and',
        ' upstream reporting. It runs on its own Node runtime',
        ` (${facts.nodeVersion}), shipped inside the package.`,
      ].join('\n'),
    ],
  ];
  return `${fields.map(([name, value]) => `${name}: ${value}`).join('\n')}\n`;
}

/** Files under /etc that dpkg keeps on upgrade and on remove (an operator's edits survive). */
export const CONFFILES = ['/etc/hall/hall-server.env'];

/** The package's file name, as Debian names them. */
export function debFileName(version: string, arch: NodeArch): string {
  return `hall-server_${version}_${DEBIAN_ARCH[arch]}.deb`;
}
