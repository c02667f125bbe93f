import { describe, it, expect } from 'vitest';
import demo from './demo-hall.json' with { type: 'json' };
import { parseHallConfig } from '../domain/config.ts';

describe('the demo hall (杭州市西湖区政务服务中心)', () => {
  it('validates against the hall configuration schema', () => {
    expect(() => parseHallConfig(demo)).not.toThrow();
  });

  it('has between 18 and 24 services and exactly 12 windows', () => {
    const hall = parseHallConfig(demo);
    expect(hall.services.length).toBeGreaterThanOrEqual(18);
    expect(hall.services.length).toBeLessThanOrEqual(24);
    expect(hall.windows).toHaveLength(12);
  });

  it('serves every service at at least one window that starts open', () => {
    const hall = parseHallConfig(demo);
    const servedByOpen = new Set(
      hall.windows.filter((w) => w.initialState === 'open').flatMap((w) => w.services.map((s) => s.code)),
    );
    const unserved = hall.services.map((s) => s.code).filter((code) => !servedByOpen.has(code));
    expect(unserved).toEqual([]);
  });

  it('gives each category one ticket prefix, and no prefix to two categories', () => {
    const hall = parseHallConfig(demo);
    const prefixesByCategory = new Map<string, Set<string>>();
    const categoriesByPrefix = new Map<string, Set<string>>();
    for (const s of hall.services) {
      (prefixesByCategory.get(s.category) ?? prefixesByCategory.set(s.category, new Set()).get(s.category)!).add(s.prefix);
      (categoriesByPrefix.get(s.prefix) ?? categoriesByPrefix.set(s.prefix, new Set()).get(s.prefix)!).add(s.category);
    }
    for (const [category, prefixes] of prefixesByCategory) {
      expect([...prefixes], `prefixes of ${category}`).toHaveLength(1);
    }
    for (const [prefix, categories] of categoriesByPrefix) {
      expect([...categories], `categories using prefix ${prefix}`).toHaveLength(1);
    }
  });

  it('lists at least one condition and one material for every service', () => {
    const hall = parseHallConfig(demo);
    for (const s of hall.services) {
      expect(s.conditions.length, `conditions of ${s.code}`).toBeGreaterThanOrEqual(1);
      expect(s.materials.length, `materials of ${s.code}`).toBeGreaterThanOrEqual(1);
    }
  });
});
