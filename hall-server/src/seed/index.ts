/** Named seed configurations shipped with the server. */
import { readFileSync } from 'node:fs';
import { parseHallConfig, type HallConfig } from '../domain/config.ts';

const SEEDS: Record<string, URL> = {
  demo: new URL('./demo-hall.json', import.meta.url),
};

export function loadSeed(name: string): HallConfig {
  const url = SEEDS[name];
  if (!url) throw new TypeError(`unknown seed "${name}"; available: ${Object.keys(SEEDS).join(', ')}`);
  return parseHallConfig(JSON.parse(readFileSync(url, 'utf8')));
}
