/**
 * Keyboard-wedge scanners type their data as keystrokes. A scanner types
 * fast and ends with Enter; a person types slowly. This pure classifier
 * tells the two apart from key events and their timestamps.
 */
export interface WedgeThresholds {
  /** At least this many characters before Enter (N). */
  minChars: number;
  /** Every gap between keys, Enter included, under this many ms (M). */
  maxGapMs: number;
}

export interface KeyStroke {
  /** A printable character, or 'Enter'. Other keys count as typing. */
  key: string;
  /** Timestamp, ms. */
  at: number;
}

export type WedgeVerdict = { kind: 'scan'; text: string } | { kind: 'typing' };

export const DEFAULT_WEDGE_THRESHOLDS: WedgeThresholds = { minChars: 4, maxGapMs: 50 };

export function checkThresholds(t: WedgeThresholds): WedgeThresholds {
  if (!Number.isInteger(t.minChars) || t.minChars < 1) throw new TypeError(`minChars must be a positive integer, got ${t.minChars}`);
  if (!(t.maxGapMs > 0) || !Number.isFinite(t.maxGapMs)) throw new TypeError(`maxGapMs must be a positive number, got ${t.maxGapMs}`);
  return t;
}

/** Classifies one burst of keys that ends (or not) with Enter. */
export function classifyWedgeInput(keys: readonly KeyStroke[], thresholds: WedgeThresholds = DEFAULT_WEDGE_THRESHOLDS): WedgeVerdict {
  checkThresholds(thresholds);
  if (keys.length < thresholds.minChars + 1) return { kind: 'typing' };
  if (keys[keys.length - 1]!.key !== 'Enter') return { kind: 'typing' };
  let text = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i < keys.length - 1 && [...k.key].length !== 1) return { kind: 'typing' };
    if (i > 0) {
      const gap = k.at - keys[i - 1]!.at;
      if (!(gap >= 0 && gap < thresholds.maxGapMs)) return { kind: 'typing' };
    }
    if (i < keys.length - 1) text += k.key;
  }
  return [...text].length >= thresholds.minChars ? { kind: 'scan', text } : { kind: 'typing' };
}

/**
 * Feeds keys one at a time (as a renderer receives them) and reports a scan
 * when Enter closes a fast burst. A slow gap starts a new burst.
 */
export class WedgeDetector {
  readonly #t: WedgeThresholds;
  #burst: KeyStroke[] = [];

  constructor(thresholds: WedgeThresholds = DEFAULT_WEDGE_THRESHOLDS) {
    this.#t = checkThresholds({ ...thresholds });
  }

  push(key: KeyStroke): WedgeVerdict | undefined {
    const last = this.#burst[this.#burst.length - 1];
    if (last && !(key.at - last.at >= 0 && key.at - last.at < this.#t.maxGapMs)) this.#burst = [];
    this.#burst.push(key);
    if (key.key !== 'Enter') return undefined;
    const verdict = classifyWedgeInput(this.#burst, this.#t);
    this.#burst = [];
    return verdict;
  }
}
