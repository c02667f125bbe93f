/**
 * P7 — the kiosk renderer's time to interactive in headless Chromium, against
 * a blank Vite + Vue page built in the same run, and its gzip size.
 *
 *   node kiosk-app/bench/renderer.ts [--samples N] [--skip-build]
 *
 * Time to interactive here: from navigation start to the first task the page
 * can run after the first frame that shows the app's root element — the
 * moment a tap would be handled. Each sample is a cold load in a fresh
 * browser context; kiosk and blank samples alternate so drift in the machine
 * hits both alike. The kiosk page is pointed at a closed agent port, so it
 * becomes interactive in its "device service not connected" state.
 */
import vue from '@vitejs/plugin-vue';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { figure, type Figure } from '@hall/server/bench/report.ts';
import { CHROMIUM_ARGS, chromiumPath } from '@hall/server/testing/chromium';
import { newAgentKey } from '../src/agent/ws-server.ts';

const KIOSK_APP = fileURLToPath(new URL('../', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(KIOSK_APP, 'dist', 'renderer');

export type { Figure };

export type RendererBenchOptions = { samples?: number; warmup?: number; skipBuild?: boolean; log?: (line: string) => void };

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function summarize(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, min: round(s[0] ?? NaN), median: round(quantile(s, 0.5)), p90: round(quantile(s, 0.9)), max: round(s[s.length - 1] ?? NaN) };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves `dir` under /kiosk/, as the hall server does. */
async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith('/kiosk/')) {
      res.writeHead(404).end();
      return;
    }
    const rel = path.slice('/kiosk/'.length) || 'index.html';
    const file = join(dir, rel);
    if (relative(dir, file).startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/kiosk/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: the kiosk's agent connection fails at once instead of finding a real agent. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function buildRenderer(): Promise<void> {
  await build({ configFile: join(KIOSK_APP, 'vite.config.ts'), logLevel: 'warn' });
}

/** The floor: the smallest Vite + Vue app — one SFC rendering one button — built with the same base. */
async function buildBlank(): Promise<{ dir: string; cleanup: () => void }> {
  // Inside the repository so that `vue` resolves from the workspace's node_modules.
  const parent = join(REPO, 'var', 'bench');
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'blank-vue-'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8" /><link rel="icon" href="data:," /><title>blank</title></head><body><div id="app"></div><script type="module" src="/main.ts"></script></body></html>\n',
  );
  writeFileSync(join(root, 'main.ts'), "import { createApp } from 'vue';\nimport App from './App.vue';\ncreateApp(App).mount('#app');\n");
  writeFileSync(
    join(root, 'App.vue'),
    '<script setup lang="ts">\nimport { ref } from \'vue\';\nconst n = ref(0);\n</script>\n<template><button data-tti @click="n++">{{ n }}</button></template>\n',
  );
  const outDir = join(root, 'dist');
  await build({
    root,
    base: '/kiosk/',
    configFile: false,
    logLevel: 'warn',
    plugins: [vue()],
    define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return { dir: outDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

// Runs before any page script: resolves with the first moment after the first
// frame showing `selector` at which the page runs a task of its own.
const TTI_PROBE = (selector: string) => `
  window.__tti = new Promise((resolve) => {
    let done = false;
    const check = () => {
      if (done || !document.querySelector(${JSON.stringify(selector)})) return;
      done = true;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
  });
`;

async function sample(browser: Browser, url: string, selector: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(TTI_PROBE(selector));
    await page.goto(url, { waitUntil: 'commit' });
    return (await page.evaluate('window.__tti', undefined, { timeout: 20_000 } as never)) as number;
  } finally {
    await context.close();
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Every JS, CSS and HTML file of a build, each gzipped on its own (as a server would send it). */
export function gzipSize(dir: string): { bytes: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  let bytes = 0;
  for (const file of walk(dir)) {
    if (!/\.(m?js|css|html)$/.test(file)) continue;
    const size = gzipSync(readFileSync(file), { level: 9 }).length;
    files[relative(dir, file).split(sep).join('/')] = size;
    bytes += size;
  }
  return { bytes, files };
}

export async function run(options: RendererBenchOptions = {}): Promise<Figure[]> {
  const samples = options.samples ?? 20;
  const warmup = options.warmup ?? 3;
  const log = options.log ?? ((line: string) => process.stderr.write(`[P7] ${line}\n`));

  if (!options.skipBuild) {
    log('building the renderer');
    await buildRenderer();
  }
  log('building the blank Vite + Vue page');
  const blank = await buildBlank();
  const kioskServer = await serveStatic(DIST);
  const blankServer = await serveStatic(blank.dir);
  const agentPort = await closedPort();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    // A key in the fragment, as the agent prints it, so the page tries its agent as a real kiosk does (none listens).
    const kioskUrl = `${kioskServer.url}?agent=${encodeURIComponent(`ws://127.0.0.1:${agentPort}`)}#agent-key=${newAgentKey()}`;
    const kioskTimes: number[] = [];
    const blankTimes: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      // Alternate which page goes first, so neither always loads into a just-warmed browser.
      const order = i % 2 === 0 ? (['kiosk', 'blank'] as const) : (['blank', 'kiosk'] as const);
      for (const which of order) {
        const t = which === 'kiosk' ? await sample(browser, kioskUrl, '[data-test="kiosk"]') : await sample(browser, blankServer.url, '[data-tti]');
        if (i >= warmup) (which === 'kiosk' ? kioskTimes : blankTimes).push(t);
      }
    }
    const k = summarize(kioskTimes);
    const b = summarize(blankTimes);
    log(`time to interactive: kiosk median ${k.median} ms, blank median ${b.median} ms`);

    const kioskSize = gzipSize(DIST);
    const blankSize = gzipSize(blank.dir);
    log(`gzip size: kiosk ${kioskSize.bytes} B, blank ${blankSize.bytes} B`);

    return [
      figure({
        id: 'P7',
        name: 'kiosk renderer time to interactive (headless Chromium, cold load)',
        unit: 'ms',
        measured: k.median,
        floor: b.median,
        floorName: 'blank Vite + Vue page, same run',
        goal: { kind: 'ratio-max', value: 1.5 },
        details: { kiosk: k, blank: b, warmup, chromium: chromiumPath(), viewport: '1080x1920' },
      }),
      figure({
        id: 'P7',
        name: 'kiosk renderer size (JS + CSS + HTML, gzip -9 per file)',
        unit: 'kB',
        measured: round(kioskSize.bytes / 1000, 1),
        floor: round(blankSize.bytes / 1000, 1),
        floorName: 'blank Vite + Vue page',
        goal: { kind: 'max', value: 400 },
        details: { files: kioskSize.files, blankFiles: blankSize.files },
      }),
    ];
  } finally {
    await browser?.close();
    await kioskServer.close();
    await blankServer.close();
    blank.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { samples: { type: 'string' }, 'skip-build': { type: 'boolean' } } });
  const figures = await run({ samples: values.samples ? Number(values.samples) : undefined, skipBuild: values['skip-build'] });
  for (const f of figures) {
    const vs = f.floor === null ? '' : ` vs ${f.floor} ${f.unit} (${f.floorName}; ×${f.ratio})`;
    const goal = f.goal.kind === 'ratio-max' ? `≤ ${f.goal.value}×` : `≤ ${f.goal.value} ${f.unit}`;
    process.stdout.write(`${f.id}  ${f.name}: ${f.measured} ${f.unit}${vs}  goal ${goal}  ${f.pass ? 'PASS' : 'MISS'}\n`);
  }
}
