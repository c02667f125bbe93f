import { describe, it, expect } from 'vitest';
import { ConfigError, parseHallConfig } from './config.ts';

function minimalHall(): Record<string, any> {
  return {
    hallId: 'H1',
    name: { 'zh-CN': '测试大厅', en: 'Test hall' },
    services: [
      { code: 'hukou', name: { 'zh-CN': '户籍', en: 'Household' }, prefix: 'A', category: '户籍', legalTimeLimitDays: 0 },
      { code: 'social', name: { 'zh-CN': '社保', en: 'Social insurance' }, prefix: 'B', category: '社保', legalTimeLimitDays: 5 },
    ],
    windows: [{ no: 1, name: '1号窗口', services: [{ code: 'hukou' }, { code: 'social', weight: 2 }] }],
  };
}

/** The paths a bad configuration is reported with. */
function badPaths(input: unknown): string[] {
  try {
    parseHallConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => i.path);
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('hall configuration', () => {
  it('fills in the defaults: Shanghai time, a 2:1 ratio, 65 for the green channel, windows starting closed', () => {
    const hall = parseHallConfig(minimalHall());
    expect(hall.timeZone).toBe('Asia/Shanghai');
    expect(hall.rules.priorityRatio).toEqual({ priority: 2, normal: 1 });
    expect(hall.rules.greenChannelAge).toBe(65);
    expect(hall.rules.maxWaitMinutes).toBe(60);
    expect(hall.rules.noShow).toEqual({ placesBack: 3, withinMinutes: 30 });
    expect(hall.rules.dailyResetAt).toBe('00:00');
    expect(hall.windows[0]!.initialState).toBe('closed');
    expect(hall.windows[0]!.services).toEqual([
      { code: 'hukou', weight: 1 },
      { code: 'social', weight: 2 },
    ]);
    expect(hall.services[0]).toMatchObject({ appointment: false, greenChannel: true, avgServiceMinutes: 8, slotQuotas: [] });
  });

  it('fills in the rest of a rule group that is given in part', () => {
    const hall = parseHallConfig({ ...minimalHall(), rules: { noShow: { placesBack: 5 } } });
    expect(hall.rules.noShow).toEqual({ placesBack: 5, withinMinutes: 30 });
    expect(hall.rules.priorityRatio).toEqual({ priority: 2, normal: 1 });
  });

  it('reports a bad field with its path, such as services[1].prefix', () => {
    const input = minimalHall();
    input.services[1].prefix = 'b1';
    expect(badPaths(input)).toEqual(['services[1].prefix']);
  });

  it('reports every bad field at once', () => {
    const input = minimalHall();
    input.services[0].legalTimeLimitDays = -1;
    input.windows[0].no = 0;
    input.rules = { dailyResetAt: '25:00' };
    expect(badPaths(input).sort()).toEqual(['rules.dailyResetAt', 'services[0].legalTimeLimitDays', 'windows[0].no']);
  });

  it('names the message of the bad field in the error text', () => {
    const input = minimalHall();
    input.services[1].prefix = 'b1';
    expect(() => parseHallConfig(input)).toThrow(/services\[1\]\.prefix: one or two capital letters/);
  });

  it('refuses a window that serves an unknown service code', () => {
    const input = minimalHall();
    input.windows[0].services.push({ code: 'passport' });
    expect(badPaths(input)).toEqual(['windows[0].services[2].code']);
    expect(() => parseHallConfig(input)).toThrow(/unknown service code passport/);
  });

  it('refuses two services with the same code', () => {
    const input = minimalHall();
    input.services[1].code = 'hukou';
    // The window's 'social' is now unknown too, and said so.
    expect(badPaths(input)).toEqual(['services[1].code', 'windows[0].services[1].code']);
    expect(() => parseHallConfig(input)).toThrow(/duplicate service code hukou/);
  });

  it('refuses two windows with the same number', () => {
    const input = minimalHall();
    input.windows.push({ no: 1, name: '又一个1号窗口', services: [{ code: 'social' }] });
    expect(badPaths(input)).toEqual(['windows[1].no']);
  });

  it('refuses a window that lists the same service twice', () => {
    const input = minimalHall();
    input.windows[0].services.push({ code: 'hukou', weight: 3 });
    expect(badPaths(input)).toEqual(['windows[0].services[2].code']);
  });

  it('refuses a time zone that is not an IANA zone', () => {
    expect(badPaths({ ...minimalHall(), timeZone: 'Asia/Beijing' })).toEqual(['timeZone']);
    expect(badPaths({ ...minimalHall(), timeZone: '' })).toEqual(['timeZone']);
    expect(parseHallConfig({ ...minimalHall(), timeZone: 'Asia/Urumqi' }).timeZone).toBe('Asia/Urumqi');
  });

  it('refuses issuing hours that end before they begin', () => {
    const input = { ...minimalHall(), rules: { issuingHours: { ranges: [{ from: '12:00', to: '08:30' }] } } };
    expect(badPaths(input)).toEqual(['rules.issuingHours.ranges[0]']);
  });

  it('refuses a slot quota that ends before it begins, which would never limit anything', () => {
    const input = minimalHall();
    input.services[0].slotQuotas = [{ from: '10:00', to: '09:00', quota: 5 }];
    expect(badPaths(input)).toEqual(['services[0].slotQuotas[0]']);
  });

  it('refuses a daily reset at 24:00, which would date every ticket a day early', () => {
    expect(badPaths({ ...minimalHall(), rules: { dailyResetAt: '24:00' } })).toEqual(['rules.dailyResetAt']);
    expect(parseHallConfig({ ...minimalHall(), rules: { dailyResetAt: '04:00' } }).rules.dailyResetAt).toBe('04:00');
  });

  it('refuses a priority ratio of zero, which would starve a class', () => {
    expect(badPaths({ ...minimalHall(), rules: { priorityRatio: { priority: 0, normal: 1 } } })).toEqual(['rules.priorityRatio.priority']);
  });

  it('reports a missing catalogue and a document that is no object', () => {
    const { services: _services, ...noServices } = minimalHall();
    expect(badPaths(noServices)).toContain('services');
    expect(badPaths('hall')).toEqual(['(root)']);
  });
});

describe('catalogue for filing (自助申报)', () => {
  const text = (key: string, extra: Record<string, unknown> = {}) => ({ key, label: { 'zh-CN': key, en: key }, type: 'text', ...extra });

  it('names materials m1, m2 … by position and fills their filing defaults, so older catalogues still load', () => {
    const input = minimalHall();
    input.services[0].materials = [
      { name: '居民身份证', form: 'original' },
      { id: 'photo', name: '照片', form: 'electronic' },
      { name: '户口簿', form: 'original' },
    ];
    const hall = parseHallConfig(input);
    expect(hall.services[0]!.materials.map((m) => m.id)).toEqual(['m1', 'photo', 'm3']);
    expect(hall.services[0]!.materials[0]).toMatchObject({
      required: true,
      reusable: false,
      accept: ['image/jpeg', 'image/png', 'application/pdf'],
      maxPages: 10,
    });
    expect(hall.services[0]!.filing).toBeUndefined();
    expect(hall.filingLimits).toEqual({ maxFileBytes: 5 * 1024 * 1024, maxFilingBytes: 30 * 1024 * 1024, keepForReuseDays: 180 });
  });

  it('refuses a material id used twice and one that is not a slug', () => {
    const input = minimalHall();
    input.services[0].materials = [
      { id: 'card', name: '身份证', form: 'original' },
      { id: 'card', name: '户口簿', form: 'original' },
    ];
    input.services[1].materials = [{ id: 'Card!', name: '身份证', form: 'original' }];
    expect(badPaths(input).sort()).toEqual(['services[0].materials[1].id', 'services[1].materials[0].id']);
  });

  it('fills in a filing: citizen applicant, optional fields, and a guide with no fees', () => {
    const input = minimalHall();
    input.services[0].filing = { enabled: true, form: { fields: [text('name', { prefill: 'card.name' })] } };
    input.services[0].guide = { legalBasis: ['《中华人民共和国户口登记条例》'], location: '一楼A区' };
    const item = parseHallConfig(input).services[0]!;
    expect(item.filing).toMatchObject({ enabled: true, applicant: 'citizen', form: { fields: [{ key: 'name', required: false, prefill: 'card.name' }] } });
    expect(item.guide).toEqual({ legalBasis: ['《中华人民共和国户口登记条例》'], fees: { free: true }, location: '一楼A区' });
  });

  it('reports bad form fields by their path', () => {
    const input = minimalHall();
    input.services[1].filing = {
      enabled: true,
      applicant: 'company',
      form: {
        fields: [
          text('1bad'),
          { key: 'kind', label: { 'zh-CN': '类型', en: 'Kind' }, type: 'select' },
          text('size', { min: 1 }),
          text('code', { pattern: '([' }),
          text('size2', { type: 'number', min: 5, max: 1 }),
          text('dup'),
          text('dup'),
          text('pf', { prefill: 'card.photo' }),
        ],
      },
    };
    expect(badPaths(input).sort()).toEqual([
      'services[1].filing.form.fields[0].key',
      'services[1].filing.form.fields[1].options',
      'services[1].filing.form.fields[2].min',
      'services[1].filing.form.fields[3].pattern',
      'services[1].filing.form.fields[4].max',
      'services[1].filing.form.fields[7].prefill',
    ]);
    input.services[1].filing.form.fields = [text('dup'), text('dup')];
    expect(badPaths(input)).toEqual(['services[1].filing.form.fields[1].key']);
    input.services[1].filing.applicant = 'anyone';
    input.services[1].filing.form.fields = [];
    expect(badPaths(input)).toEqual(['services[1].filing.applicant']);
  });

  it('refuses a material that accepts a type the hall does not store', () => {
    const input = minimalHall();
    input.services[0].materials = [{ name: '照片', form: 'electronic', accept: ['image/gif'] }];
    expect(badPaths(input)).toEqual(['services[0].materials[0].accept[0]']);
  });
});
