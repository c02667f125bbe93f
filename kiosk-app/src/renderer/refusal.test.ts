import { ERROR_CODES } from '@hall/server/contract';
import { describe, expect, it } from 'vitest';
import { createKioskI18n, LOCALES, messages, type Locale } from './i18n/index.ts';
import { refusalText, type Refusal } from './refusal.ts';

const words = (refusal: Refusal | null, locale: Locale = 'zh-CN') => refusalText(createKioskI18n(locale).global, refusal);
const GENERAL = {
  'zh-CN': '大厅服务器暂时无法处理。请到服务台咨询工作人员。',
  'zh-TW': '大廳伺服器暫時無法處理。請到服務台諮詢工作人員。',
  en: 'The hall server could not handle this. Please ask at the help desk.',
};

describe('the words of a refusal', () => {
  it('exist for every code of the hall’s contract, in every language', () => {
    for (const locale of LOCALES) {
      const table: Record<string, string> = messages[locale].errors;
      const unworded = Object.keys(ERROR_CODES).filter((code) => !table[code]?.trim());
      expect(unworded, locale).toEqual([]);
    }
  });

  it('are the words of its code in the language on screen', () => {
    expect(words({ code: 'WRONG_PIN' })).toBe('工号或密码错误。');
    expect(words({ code: 'WRONG_PIN' }, 'zh-TW')).toBe('工號或密碼錯誤。');
    expect(words({ code: 'WRONG_PIN' }, 'en')).toBe('Wrong staff number or PIN.');
    expect(words({ code: 'ALREADY_CALLED', details: { hallCode: 'ALREADY_CALLED' } })).toBe('刚刚已经叫过号，请稍候再叫下一位。');
    expect(words({ code: 'TICKET_TAKEN' })).toBe('该号已被其他窗口接办。');
  });

  it('send the visitor to the help desk where only staff can help', () => {
    expect(words({ code: 'PRINTER_PAPER_OUT', details: { printer: 'PAPER_OUT' } })).toContain('服务台');
    expect(words({ code: 'PRINTER_PAPER_OUT' }, 'zh-TW')).toContain('服務台');
    expect(words({ code: 'FILING_UNDELIVERED', details: { hallCode: 'REUSE_NOT_ALLOWED' } })).toContain('服务台');
  });

  it('say what is wrong with a filing or a move of it', () => {
    expect(words({ code: 'FORM_INVALID' })).toContain('表格');
    expect(words({ code: 'FILING_TRANSITION_NOT_ALLOWED' })).toContain('状态');
  });

  it('name a lockout’s wait from its Retry-After in whole minutes, at least one', () => {
    expect(words({ code: 'STAFF_LOCKED', details: { hallCode: 'STAFF_LOCKED', retryAfterS: 290 } })).toBe('密码错误次数过多，已锁定，请 5 分钟后再试');
    expect(words({ code: 'STAFF_LOCKED', details: { retryAfterS: 61 } }, 'en')).toBe('Too many wrong PINs: locked; try again in 2 min');
    expect(words({ code: 'TOO_MANY_PIN_ATTEMPTS', details: { retryAfterS: 1 } })).toMatch(/请 1 分钟后再试/);
  });

  it('of a lockout without a wait say to try again later', () => {
    expect(words({ code: 'STAFF_LOCKED' })).toBe('密码错误次数过多，已暂时锁定，请稍后再试。');
  });

  it('leave out a wait the refusal does not have words for', () => {
    expect(words({ code: 'RATE_LIMITED', details: { retryAfterS: 30 } })).toBe('操作过于频繁，请稍后再试。');
  });

  it('of a code without words are the help-desk line and nothing else', () => {
    for (const locale of LOCALES) {
      expect(words({ code: 'SOMETHING_NEWER', details: { hallCode: 'SOMETHING_NEWER' } }, locale)).toBe(GENERAL[locale]);
      expect(words({ code: 'HALL_ERROR' }, locale)).toBe(GENERAL[locale]);
      expect(words(null, locale)).toBe(GENERAL[locale]);
    }
  });
});
