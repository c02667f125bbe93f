import { defineConfig } from 'vitest/config';

// One project per workspace package, so `npm test` at the root runs them all
// and a failure names the package it came from.
const packages = ['hall-server', 'drivers', 'kiosk-app', 'display-wall', 'hardware-profiles'];

export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: packages.map((name) => ({
      test: {
        name,
        root: `./${name}`,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 20_000,
        hookTimeout: 30_000,
      },
    })),
  },
});
