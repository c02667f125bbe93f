/**
 * Third-party notices: which package a bundled module came from, and the text
 * people read (each package once, its licence and its LICENSE/NOTICE texts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDirOf, packageNotice, renderNotices } from '../third-party-notices.ts';

const modules = join(import.meta.dirname, '..', '..', 'node_modules');

describe('third-party notices', () => {
  it('finds the package of a bundled module, scoped or not, through query strings and virtual-module markers', () => {
    expect(packageDirOf(join(modules, 'echarts', 'lib', 'chart', 'bar.js'))).toBe(join(modules, 'echarts'));
    expect(packageDirOf(`\0${join(modules, '@vue', 'shared', 'dist', 'shared.esm-bundler.js')}?commonjs-proxy`)).toBe(join(modules, '@vue', 'shared'));
    expect(packageDirOf('/work/display-wall/src/wall/main.ts')).toBeUndefined();
    expect(packageDirOf('\0vite/preload-helper')).toBeUndefined();
  });

  it('carries ECharts’ Apache-2.0 licence and its NOTICE, as the licence requires', () => {
    const echarts = packageNotice(join(modules, 'echarts'));
    expect(echarts.license).toBe('Apache-2.0');
    expect(echarts.texts.map((t) => t.file)).toEqual(expect.arrayContaining(['LICENSE', 'NOTICE']));
    expect(echarts.texts.find((t) => t.file === 'NOTICE')?.text).toMatch(/Apache ECharts/);
  });

  it('lists each package once, sorted by name, however often it was bundled', () => {
    const vue = packageNotice(join(modules, 'vue'));
    const echarts = packageNotice(join(modules, 'echarts'));
    const text = renderNotices('the wall page', [vue, echarts, vue]);
    expect(text).toMatch(/^Third-party software in the wall page\n=+\n\n2 packages\./);
    expect(text.indexOf(`echarts ${echarts.version}: Apache-2.0`)).toBeLessThan(text.indexOf(`vue ${vue.version}: MIT`));
    expect(text.split(`vue ${vue.version}: MIT`)).toHaveLength(2);
  });
});
