/**
 * Figures and their table. Each figure is judged on its ratio to a floor
 * measured in the same run (or, for memory, on an absolute ceiling with the
 * floor shown for context).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { round } from './stats.ts';

export type Goal =
  /** measured / floor must not exceed value */
  | { kind: 'ratio-max'; value: number }
  /** measured / floor must reach value */
  | { kind: 'ratio-min'; value: number }
  /** measured itself must not exceed value (in the figure's unit) */
  | { kind: 'max'; value: number };

export type Figure = {
  id: string;
  name: string;
  unit: string;
  measured: number;
  floor: number | null;
  floorName: string;
  ratio: number | null;
  goal: Goal;
  pass: boolean;
  /** Sample counts, spreads and diagnostics: whatever explains the figure. */
  details?: Record<string, unknown>;
  /** A row shown beside another figure to explain it; its goal is not judged. */
  context?: boolean;
};

export type FailedFigure = { id: string; error: string };
export type Outcome = Figure | FailedFigure;

export function figure(f: Omit<Figure, 'ratio' | 'pass'>): Figure {
  const ratio = f.floor !== null && f.floor !== 0 ? f.measured / f.floor : null;
  if (f.context) return { ...f, ratio, pass: true };
  let pass: boolean;
  switch (f.goal.kind) {
    case 'ratio-max':
      pass = ratio !== null && ratio <= f.goal.value;
      break;
    case 'ratio-min':
      pass = ratio !== null && ratio >= f.goal.value;
      break;
    case 'max':
      pass = f.measured <= f.goal.value;
      break;
  }
  return { ...f, ratio, pass };
}

function goalText(f: Figure): string {
  switch (f.goal.kind) {
    case 'ratio-max':
      return `≤ ${f.goal.value}×`;
    case 'ratio-min':
      return `≥ ${f.goal.value}×`;
    case 'max':
      return `≤ ${f.goal.value} ${f.unit}`;
  }
}

const num = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

export function formatTable(outcomes: readonly Outcome[]): string {
  const header = ['figure', 'what', 'measured', 'floor', 'ratio', 'goal', 'result'];
  const rows = outcomes.map((o) =>
    'error' in o
      ? [o.id, o.error.split('\n')[0]!.slice(0, 60), '-', '-', '-', '-', 'ERROR']
      : [
          o.id,
          o.name,
          `${num(o.measured)} ${o.unit}`,
          o.floor === null ? '-' : `${num(o.floor)} ${o.unit}`,
          o.ratio === null ? '-' : `${o.ratio.toFixed(2)}×`,
          o.context ? '-' : goalText(o),
          o.context ? 'info' : o.pass ? 'PASS' : 'MISS',
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Deep-rounds numbers so the JSON file reads as figures. */
function tidy(value: unknown): unknown {
  if (typeof value === 'number') return round(value, 3);
  if (Array.isArray(value)) return value.map(tidy);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tidy(v)]));
  return value;
}

export function writeJson(path: string, data: { startedAt: string; durationS: number; outcomes: readonly Outcome[]; [k: string]: unknown }): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(tidy(data), null, 2) + '\n');
}
