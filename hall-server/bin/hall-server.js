#!/usr/bin/env node
// The hall server is written in TypeScript and run by Node's own type stripping.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`hall-server needs Node 22.18 or newer (this is ${process.version}); run it through npm (npx hall-server …), which uses the project's Node.`);
  process.exit(1);
}
// `serve` runs with the memory settings of src/runtime.ts. They must be in place before Node starts,
// so the process replaces itself once with them (where Node can: process.execve, on Linux and macOS).
if (process.argv[2] === 'serve' && typeof process.execve === 'function') {
  const { SERVE_NODE_FLAGS, SERVE_ENV, TUNED_MARK } = await import('../src/runtime.ts');
  if (!process.env[TUNED_MARK]) {
    const args = [...process.execArgv, ...SERVE_NODE_FLAGS, process.argv[1], ...process.argv.slice(2)];
    process.execve(process.execPath, [process.execPath, ...args], { ...process.env, ...SERVE_ENV, [TUNED_MARK]: '1' });
  }
}
await import('../src/cli.ts');
