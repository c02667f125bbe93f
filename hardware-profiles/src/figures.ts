/**
 * Figures and their citations. A figure is any value in a device model that
 * states a fact about the hardware: every one must be covered by a source.
 */
import type { DeviceModel } from './schema.ts';

export type PathSegment = string | number;

/** `['interfaces', 0, 'vendorId']` → `interfaces[0].vendorId`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** `interfaces[0].vendorId` → `['interfaces', 0, 'vendorId']`; undefined when it is not a field path. */
export function parsePath(path: string): PathSegment[] | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*$/.test(path)) return undefined;
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const [name, ...indexes] = part.split('[');
    segments.push(name!);
    for (const index of indexes) segments.push(Number(index.slice(0, -1)));
  }
  return segments;
}

/** The value at `segments` inside `value`, or undefined when there is none. */
export function valueAt(value: unknown, segments: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current) && typeof segment !== 'number') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

// Names and bookkeeping, not facts about the hardware.
const NOT_FIGURES = new Set(['id', 'class', 'vendor', 'model', 'generic', 'note', 'sources']);

/**
 * Every figure's path. An array of plain values is one figure
 * (`idReader.cardTypes`); arrays of objects are walked item by item.
 */
export function figurePaths(model: DeviceModel): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, segments: PathSegment[]): void => {
    if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')) {
      value.forEach((item, index) => walk(item, [...segments, index]));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'note') continue;
        walk(item, [...segments, key]);
      }
    } else if (value !== undefined) {
      paths.push(formatPath(segments));
    }
  };
  for (const [key, value] of Object.entries(model)) {
    if (!NOT_FIGURES.has(key)) walk(value, [key]);
  }
  return paths;
}

/** True when `cover` names `path` itself or a field that contains it. */
export function covers(cover: string, path: string): boolean {
  return path === cover || path.startsWith(`${cover}.`) || path.startsWith(`${cover}[`);
}

/** The figures of `model` that no source covers. */
export function uncitedFigures(model: DeviceModel): string[] {
  const allCovers = model.sources.flatMap((source) => source.covers);
  return figurePaths(model).filter((path) => !allCovers.some((cover) => covers(cover, path)));
}

/** Each cover that names no field of the model, as `[sourceIndex, coverIndex, cover]`. */
export function danglingCovers(model: DeviceModel): Array<[number, number, string]> {
  const dangling: Array<[number, number, string]> = [];
  model.sources.forEach((source, s) =>
    source.covers.forEach((cover, c) => {
      const segments = parsePath(cover);
      if (!segments || segments[0] === 'sources' || valueAt(model, segments) === undefined) dangling.push([s, c, cover]);
    }),
  );
  return dangling;
}
