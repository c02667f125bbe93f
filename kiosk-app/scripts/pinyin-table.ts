/**
 * Writes src/renderer/keyboard/pinyin-table.ts, the on-screen keyboard's
 * pinyin table, from the pinyin-pro dev dependency. Run it again after
 * upgrading pinyin-pro or changing the priority characters:
 *
 *   npx node kiosk-app/scripts/pinyin-table.ts          (from the repository root)
 *
 * The renderer test `keyboard/pinyin.test.ts` fails while the committed
 * table differs from what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildPinyinTable, gb2312Level1, renderPinyinTable } from '../src/renderer/keyboard/pinyin-table-build.ts';

const OUT = fileURLToPath(new URL('../src/renderer/keyboard/pinyin-table.ts', import.meta.url));

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync(require.resolve('pinyin-pro/package.json'), 'utf8')) as { version: string };

const text = renderPinyinTable(buildPinyinTable(gb2312Level1()), version);
writeFileSync(OUT, text);
console.log(`${OUT}: ${Buffer.byteLength(text)} bytes`);
