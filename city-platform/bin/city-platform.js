#!/usr/bin/env node
// The city platform is written in TypeScript and run by Node's own type stripping.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `city-platform needs Node 22.18 or newer (this is ${process.version}); run it through npm (npx city-platform …), which uses the project's Node.`,
  );
  process.exit(1);
}
await import('../src/cli.ts');
