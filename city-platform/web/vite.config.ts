/**
 * One Vite build per page of the city platform, each with its own base
 * (where the server mounts it, api/pages.ts) and output directory: the city
 * view at `/` into dist/view/, the phone page at `/shortest/` into
 * dist/phone/. Both are web/index.html with their own title and entry.
 */
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import type { InlineConfig, Plugin } from 'vite';
import { VUE_BUILD_FLAGS } from '@hall/display-wall/build-flags';
import { thirdPartyNotices } from '@hall/display-wall/third-party-notices';

export const PAGES = {
  view: { title: '城市政务大厅监控', base: '/', entry: '/view/main.ts' },
  phone: { title: '哪里排队最短', base: '/shortest/', entry: '/phone/main.ts' },
} as const;
export type Page = keyof typeof PAGES;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** index.html as `page`: its title and its entry module. */
function pageHtml(page: Page): Plugin {
  return {
    name: 'city-page-html',
    transformIndexHtml: { order: 'pre', handler: (html) => html.replace('%PAGE_TITLE%', PAGES[page].title).replace('%PAGE_ENTRY%', PAGES[page].entry) },
  };
}

export function pageConfig(page: Page, outRoot = here('../dist/')): InlineConfig {
  return {
    configFile: false,
    root: here('./'),
    base: PAGES[page].base,
    publicDir: false,
    plugins: [vue(), pageHtml(page), thirdPartyNotices(page === 'view' ? 'the city view' : 'the shortest-queue phone page')],
    logLevel: 'warn',
    define: VUE_BUILD_FLAGS,
    build: {
      outDir: `${outRoot.replace(/\/$/, '')}/${page}`,
      emptyOutDir: true,
      target: 'es2022',
      // The city view carries ECharts (lines only, canvas) and socket.io's client.
      chunkSizeWarningLimit: page === 'view' ? 900 : 200,
    },
    // The pages use the API's client and event types from ../src/api.
    server: { fs: { allow: [here('./'), here('../src/'), here('../../node_modules/')] } },
  };
}

// `npx vite --config city-platform/web/vite.config.ts` serves the city view for development.
export default pageConfig('view');
