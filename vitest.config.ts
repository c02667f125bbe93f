import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// One project per workspace package (and one for the root's scripts: the
// demo and the test entry point), so `npm test` at the root runs them all and
// a failure names the package it came from. Renderer tests choose their DOM
// with a `@vitest-environment happy-dom` comment. A project with no tests is
// a mistake, not a pass.
const packages = ['common', 'hall-server', 'drivers', 'kiosk-app', 'display-wall', 'hardware-profiles', 'city-platform', 'scripts'];

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: packages.map((name) => ({
      plugins: name === 'kiosk-app' || name === 'display-wall' || name === 'city-platform' ? [vue()] : [],
      test: {
        name,
        root: `./${name}`,
        include: name === 'scripts' ? ['*.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 20_000,
        hookTimeout: 30_000,
      },
    })),
  },
});
