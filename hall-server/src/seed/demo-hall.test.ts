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
    const servedByOpen = new Set(hall.windows.filter((w) => w.initialState === 'open').flatMap((w) => w.services.map((s) => s.code)));
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

  it('offers filing for five or more items, each with a guide: legal basis, fees and where to go', () => {
    const hall = parseHallConfig(demo);
    const filed = hall.services.filter((s) => s.filing?.enabled);
    expect(filed.length).toBeGreaterThanOrEqual(5);
    for (const s of filed) {
      expect(s.guide?.legalBasis.length, `legal basis of ${s.code}`).toBeGreaterThanOrEqual(1);
      expect(s.guide?.location, `location of ${s.code}`).not.toBe('');
      expect(s.filing!.form.fields.length, `form of ${s.code}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('has a citizen item prefilled from the ID card and a company item prefilled with the credit code', () => {
    const hall = parseHallConfig(demo);
    const prefills = (applicant: string) =>
      hall.services.filter((s) => s.filing?.enabled && s.filing.applicant === applicant).map((s) => new Set(s.filing!.form.fields.map((f) => f.prefill)));
    expect(prefills('citizen').some((p) => ['card.name', 'card.idNumber', 'card.address', 'card.gender'].every((k) => p.has(k as never)))).toBe(true);
    expect(prefills('company').some((p) => p.has('company.uscc'))).toBe(true);
  });

  it('lets the ID card and the business licence be reused, under one id across items', () => {
    const hall = parseHallConfig(demo);
    const reusable = hall.services.flatMap((s) => s.materials.filter((m) => m.reusable));
    expect(new Set(reusable.map((m) => m.id))).toEqual(new Set(['id-card', 'household-register', 'business-licence']));
    for (const m of reusable.filter((m) => m.id === 'id-card')) expect(m.name).toMatch(/^居民身份证/);
    for (const m of reusable.filter((m) => m.id === 'business-licence')) expect(m.name).toMatch(/^营业执照/);
  });
});
