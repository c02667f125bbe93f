import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VUE_BUILD_FLAGS } from '@hall/display-wall/build-flags';
import { thirdPartyNotices } from '@hall/display-wall/third-party-notices';
import { DIST_DIR, RENDERER_DIR } from './src/main/bundle-layout.ts';

// The hall server serves this build at /kiosk/; Electron serves the same
// files from its own protocol under the same path, so every asset URL is
// host-relative and nothing is fetched from anywhere else at runtime.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/kiosk/',
  plugins: [vue(), thirdPartyNotices('the kiosk renderer')],
  define: VUE_BUILD_FLAGS,
  build: {
    outDir: `${DIST_DIR}/${RENDERER_DIR}`,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: fileURLToPath(new URL('index.html', import.meta.url)) },
  },
  server: { port: 5174 },
});
