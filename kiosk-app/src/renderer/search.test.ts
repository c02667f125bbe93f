import { describe, expect, it } from 'vitest';
import { pinyinInitials } from './search.ts';

describe('pinyin initials', () => {
  it('spell the demo hall’s service names the way visitors type them', () => {
    expect(pinyinInitials('户口迁入登记')).toBe('HKQRDJ');
    expect(pinyinInitials('普通护照签发')).toBe('PTHZQF');
    expect(pinyinInitials('住房公积金提取')).toBe('ZFGJJTQ');
    expect(pinyinInitials('基本养老保险待遇申领')).toBe('JBYLBXDYSL');
    expect(pinyinInitials('往来港澳通行证签发')).toBe('WLGATXZQF');
    expect(pinyinInitials('出入境')).toBe('CRJ');
  });

  it('keep Latin letters and digits and drop punctuation', () => {
    expect(pinyinInitials('A类（综合）2号')).toBe('ALZH2H');
  });
});
