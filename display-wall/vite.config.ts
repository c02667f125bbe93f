/**
 * One Vite build per page: each has its own base (/wall/ …, where the hall
 * server mounts it) and its own output directory, so the hall serves
 * dist/<page>/ as is. Every page is index.html with its own title and entry
 * (src/<page>/main.ts). Only the wall carries public/ (the voice pack).
 */
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import type { InlineConfig, Plugin } from 'vite';
import { VUE_BUILD_FLAGS } from './build-flags.ts';
import { thirdPartyNotices } from './third-party-notices.ts';

/** Each page with its title in the browser's tab. */
const TITLES = { wall: '叫号大屏', window: '窗口屏', manager: '排队监控' } as const;

export type Page = keyof typeof TITLES;
export const PAGES = Object.keys(TITLES) as Page[];

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** index.html as `page`: its title, and its entry module. */
function pageHtml(page: Page): Plugin {
  return {
    name: 'hall-page-html',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => html.replace('%PAGE_TITLE%', TITLES[page]).replace('%PAGE_ENTRY%', `/src/${page}/main.ts`),
    },
  };
}

export function pageConfig(page: Page, outRoot = here('dist/')): InlineConfig {
  return {
    configFile: false,
    root: here('./'),
    base: `/${page}/`,
    publicDir: page === 'wall' ? here('public/') : false,
    plugins: [vue(), pageHtml(page), thirdPartyNotices(`the ${page} page`)],
    logLevel: 'warn',
    define: VUE_BUILD_FLAGS,
    build: {
      outDir: `${outRoot.replace(/\/$/, '')}/${page}`,
      emptyOutDir: true,
      target: 'es2022',
      // The manager wall carries ECharts (bars, lines, canvas only) and, like every page, the hall's
      // contract with zod: about 310 kB gzipped, a little over 1 MB minified in a development build.
      chunkSizeWarningLimit: page === 'manager' ? 1100 : 500,
    },
    // The pages run the hall's contract and client, which reach into @hall/common.
    server: { fs: { allow: [here('./'), here('../node_modules/'), here('../hall-server/'), here('../common/')] } },
  };
}

// `npx vite --config display-wall/vite.config.ts` serves the wall for development.
export default pageConfig('wall');
