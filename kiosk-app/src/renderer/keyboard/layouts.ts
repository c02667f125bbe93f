/**
 * Key rows of the on-screen keyboard for form fields. Chinese mode keeps the
 * digits and a few address marks beside the letters, so that 文三路90号2-301
 * can be typed without switching; Latin mode adds what e-mail addresses and
 * English names need; the digit pad carries X (the last symbol of some ID
 * numbers) and - (dates, landlines).
 */

export type KeyboardMode = 'hanzi' | 'latin' | 'digits';
export const KEYBOARD_MODES: readonly KeyboardMode[] = ['hanzi', 'latin', 'digits'];

/** A key: what it types and its stable name in `data-test="kb-key-<id>"`. */
export type Key = { text: string; id: string };

const NAMES: Record<string, string> = {
  '-': 'dash',
  '·': 'dot-middle',
  '.': 'dot',
  '@': 'at',
  _: 'underscore',
  ' ': 'space',
  '（': 'paren-open',
  '）': 'paren-close',
  '#': 'hash',
  ',': 'comma',
  '，': 'comma-cn',
  '/': 'slash',
};

const keys = (chars: string): Key[] => [...chars].map((text) => ({ text, id: NAMES[text] ?? text.toLowerCase() }));

const DIGIT_ROW = keys('1234567890');
const LETTER_ROWS = [keys('qwertyuiop'), keys('asdfghjkl'), keys('zxcvbnm')];

export const LAYOUTS: Record<KeyboardMode, Key[][]> = {
  hanzi: [DIGIT_ROW, ...LETTER_ROWS, keys('-#（）·，')],
  latin: [DIGIT_ROW, ...LETTER_ROWS, keys('@.-_, ')],
  digits: [keys('123'), keys('456'), keys('789'), keys('X0-')],
};

/** The keyboard a field opens with when its catalogue entry does not say. */
export function defaultMode(type: string): KeyboardMode {
  switch (type) {
    case 'number':
    case 'date':
    case 'phone':
    case 'postcode':
    case 'id-number':
      return 'digits';
    case 'email':
    case 'uscc':
      return 'latin';
    default:
      return 'hanzi';
  }
}
