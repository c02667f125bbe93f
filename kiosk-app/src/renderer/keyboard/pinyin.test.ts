import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildPinyinTable, gb2312Level1, PRIORITY, renderPinyinTable } from './pinyin-table-build.ts';
import { candidatePage, loadPinyinTable, matchPinyin, normalizePinyin, type PinyinTable } from './pinyin.ts';

const table: PinyinTable = await loadPinyinTable();
const TABLE_FILE = new URL('./pinyin-table.ts', import.meta.url);

describe('the pinyin table', () => {
  it('is exactly what the generator makes from pinyin-pro over GB2312 level 1', () => {
    const require = createRequire(import.meta.url);
    const { version } = JSON.parse(readFileSync(require.resolve('pinyin-pro/package.json'), 'utf8')) as { version: string };
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(renderPinyinTable(buildPinyinTable(gb2312Level1()), version));
  });

  it('holds every one of the 3,755 level-1 characters, in under 60 kB', () => {
    const chars = gb2312Level1();
    expect(chars).toHaveLength(3755);
    expect(chars[0]).toBe('啊');
    expect(chars.at(-1)).toBe('座');
    expect(new Set(Object.values(table).join(''))).toEqual(new Set(chars));
    expect(readFileSync(TABLE_FILE).length).toBeLessThan(60_000);
  });

  it('puts common surnames first: 王 before 汪 and 亡, 张 first under zhang', () => {
    expect(table.wang!.startsWith('王汪')).toBe(true);
    expect(table.zhang![0]).toBe('张');
    expect(table.li![0]).toBe('李');
  });

  it('lists a surname under its surname reading too: 曾 first under zeng, 单 under shan', () => {
    expect(table.zeng![0]).toBe('曾');
    expect(table.shan![0]).toBe('单');
  });

  it('does not let a priority character lead a syllable it is only rarely read as', () => {
    expect(table.an![0]).not.toBe('广');
    expect(table.an).toContain('广');
  });

  it('orders the rest of a syllable as GB2312 does, main readings before other readings', () => {
    const fake = buildPinyinTable(['乙', '甲', '丙'], (ch) => ({ 甲: ['jia'], 乙: ['yi', 'jia'], 丙: ['jia'] })[ch] ?? [], '', {});
    expect(fake.jia).toBe('甲丙乙');
    expect(fake.yi).toBe('乙');
  });

  it('refuses priority characters outside the character set', () => {
    expect(() => buildPinyinTable(['甲'], () => ['jia'], '乙', {})).toThrow(/乙/);
    expect([...PRIORITY].every((ch) => gb2312Level1().includes(ch))).toBe(true);
  });
});

describe('pinyin input', () => {
  it('offers a whole syllable’s characters, most used first', () => {
    const m = matchPinyin(table, 'wang');
    expect(m.spelled).toBe('wang');
    expect(m.candidates[0]).toBe('王');
  });

  it('offers an unfinished syllable’s characters, the best of each syllable it starts first', () => {
    const m = matchPinyin(table, 'zh');
    expect(m.spelled).toBe('zh');
    // zh starts 20 syllables: the first 20 candidates are the best of each.
    expect(m.candidates.slice(0, 20)).toEqual(expect.arrayContaining(['张', '赵', '周', '朱', '郑', '钟']));
  });

  it('offers the exact syllable before the longer ones it starts: zhan before zhang', () => {
    const m = matchPinyin(table, 'zhan');
    expect(m.candidates.indexOf('占')).toBeLessThan(m.candidates.indexOf('张'));
  });

  it('takes the first syllable of a run typed in one go, leaving the rest for the next pick', () => {
    const m = matchPinyin(table, 'wangming');
    expect(m.spelled).toBe('wang');
    expect(m.candidates[0]).toBe('王');
    expect(matchPinyin(table, 'xianggang').spelled).toBe('xiang');
  });

  it('reads v as ü, in upper case too: LV → 吕', () => {
    expect(normalizePinyin('LÜ')).toBe('lv');
    expect(matchPinyin(table, 'LV').candidates[0]).toBe('吕');
  });

  it('offers nothing for letters no syllable starts with', () => {
    expect(matchPinyin(table, 'v')).toEqual({ spelled: '', candidates: [] });
    expect(matchPinyin(table, 'iii').candidates).toEqual([]);
    expect(matchPinyin(table, '')).toEqual({ spelled: '', candidates: [] });
  });

  it('pages the candidates, keeping the page inside the list', () => {
    const list = [...'一二三四五六七八九十'];
    expect(candidatePage(list, 0, 4)).toEqual({ items: [...'一二三四'], page: 0, pages: 3, hasPrev: false, hasNext: true });
    expect(candidatePage(list, 2, 4)).toMatchObject({ items: [...'九十'], hasPrev: true, hasNext: false });
    expect(candidatePage(list, 9, 4).page).toBe(2);
    expect(candidatePage([], 0, 4)).toMatchObject({ items: [], pages: 1, hasPrev: false, hasNext: false });
  });
});
