import { describe, expect, it } from 'vitest';
import { BilingualError, DisconnectedError, DriverError, marked } from './errors.ts';

class PaperJamError extends marked(BilingualError, 'paperJam', 'needsHands') {
  declare readonly pages: number;
  constructor(pages: number) {
    super('TEST_PAPER_JAM', '卡纸', 'paper jam', { details: { pages } });
  }
}
class RearJamError extends marked(PaperJamError, 'rear') {}

describe('driver errors', () => {
  it('a kind is named after its class and carries its own markers and its bases’', () => {
    const err = new RearJamError(3);
    expect(err).toBeInstanceOf(PaperJamError);
    expect(err).toBeInstanceOf(DriverError);
    expect(err.name).toBe('RearJamError');
    expect(String(err)).toBe('RearJamError: paper jam (卡纸)');
    expect([err.rear, err.paperJam, err.needsHands]).toEqual([true, true, true]);
  });

  it('what a kind was given is readable off the error with its code and both messages', () => {
    const err = new PaperJamError(3);
    expect({ code: err.code, pages: err.pages, zh: err.messageZh, en: err.messageEn }).toEqual({
      code: 'TEST_PAPER_JAM',
      pages: 3,
      zh: '卡纸',
      en: 'paper jam',
    });
    expect('rear' in err).toBe(false);
  });

  it('a disconnection keeps the failure that caused it', () => {
    const cause = new Error('EIO');
    const err = new DisconnectedError('port closed', { cause });
    expect({ code: err.code, disconnected: err.disconnected, cause: err.cause }).toEqual({ code: 'DISCONNECTED', disconnected: true, cause });
  });
});
