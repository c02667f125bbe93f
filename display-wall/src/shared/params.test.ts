import { describe, expect, it } from 'vitest';
import { wallOptions, windowNoFromPath } from './params.ts';

describe('page options', () => {
  it('a wall repeats twice in Mandarin only, landscape, unless told otherwise', () => {
    expect(wallOptions(new URLSearchParams(''))).toMatchObject({ layout: 'landscape', repeat: 2, english: false, voice: 'auto', notices: [] });
    expect(wallOptions(new URLSearchParams('layout=portrait&repeat=3&english=1&notice=午休时间12:00-13:30&notice=请保管好随身物品'))).toMatchObject({
      layout: 'portrait',
      repeat: 3,
      english: true,
      notices: ['午休时间12:00-13:30', '请保管好随身物品'],
    });
  });

  it('the window screen reads its number from the path', () => {
    expect(windowNoFromPath('/window/3')).toBe(3);
    expect(windowNoFromPath('/window/12/')).toBe(12);
    expect(windowNoFromPath('/window/')).toBeUndefined();
    expect(windowNoFromPath('/window/0')).toBeUndefined();
  });
});
