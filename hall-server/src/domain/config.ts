/**
 * The hall's configuration: catalogue (事项目录), windows, calling rules,
 * quotas and time zone. It is data a hall administrator edits, so it is
 * validated with a schema that reports the path of the bad field.
 */
import { z } from 'zod';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a local time HH:MM (00:00–24:00)');

export const TimeRangeSchema = z.object({ from: clockTime, to: clockTime }).refine((r) => r.from < r.to, { message: '`from` must be before `to`' });

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
const weekdays = z.array(z.number().int().min(1).max(7)).min(1);

export const OpeningHoursSchema = z.object({
  days: weekdays.default([1, 2, 3, 4, 5, 6, 7]),
  ranges: z.array(TimeRangeSchema).min(1),
});

export const FILE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type FileContentType = (typeof FILE_CONTENT_TYPES)[number];

export const MaterialSchema = z.object({
  /** Names the material in a filing; `m1`, `m2` … by position when left out. */
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'a material id is 1–32 of a-z, 0-9 and -')
    .optional(),
  name: z.string().min(1),
  form: z.enum(['original', 'copy', 'original-and-copy', 'electronic']),
  copies: z.number().int().min(0).default(1),
  note: z.string().optional(),
  /** A filing without it is refused (MATERIAL_MISSING). */
  required: z.boolean().default(true),
  /** May be taken from 我的材料 (what the same person filed before and agreed to keep). */
  reusable: z.boolean().default(false),
  accept: z
    .array(z.enum(FILE_CONTENT_TYPES))
    .min(1)
    .default([...FILE_CONTENT_TYPES]),
  maxPages: z.number().int().min(1).max(50).default(10),
});

const Localized = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });

export const FORM_FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'phone', 'email', 'postcode', 'id-number', 'uscc', 'select'] as const;
export const PREFILL_SOURCES = ['card.name', 'card.idNumber', 'card.gender', 'card.birthDate', 'card.address', 'card.nation', 'company.uscc'] as const;

/**
 * One field of a filing form. The kiosk draws it and checks it; the hall
 * checks it again with the same function (`validateForm` in src/forms.ts).
 */
export const FormFieldSchema = z
  .object({
    key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, 'a field key is a letter then up to 31 letters, digits or _'),
    label: Localized,
    type: z.enum(FORM_FIELD_TYPES),
    required: z.boolean().default(false),
    minLength: z.number().int().min(0).optional(),
    /** Default 200, 1000 for a textarea. */
    maxLength: z.number().int().min(1).max(5000).optional(),
    /** Bounds of a number field. */
    min: z.number().optional(),
    max: z.number().optional(),
    /** A regular expression the whole value must match, as in HTML's `pattern` attribute. */
    pattern: z.string().min(1).max(500).optional(),
    patternMessage: Localized.optional(),
    options: z
      .array(z.object({ value: z.string().min(1).max(200), label: Localized }))
      .min(1)
      .optional(),
    prefill: z.enum(PREFILL_SOURCES).optional(),
    /** Which on-screen keyboard the kiosk opens first. */
    input: z.enum(['hanzi', 'latin', 'digits']).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.type === 'select' && !f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
    if (f.type !== 'select' && f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a select field has options' });
    if (f.options) {
      const seen = new Set<string>();
      f.options.forEach((o, i) => {
        if (seen.has(o.value)) ctx.addIssue({ code: 'custom', path: ['options', i, 'value'], message: `option ${o.value} is listed twice` });
        seen.add(o.value);
      });
    }
    if ((f.min !== undefined || f.max !== undefined) && f.type !== 'number')
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min and max belong to number fields' });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is below min' });
    if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength)
      ctx.addIssue({ code: 'custom', path: ['maxLength'], message: 'maxLength is below minLength' });
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'not a valid regular expression' });
      }
    }
    if (f.patternMessage && !f.pattern) ctx.addIssue({ code: 'custom', path: ['patternMessage'], message: 'patternMessage without a pattern' });
  });

/** 办事指南 beyond what the item already says (conditions, materials, time limits). */
export const GuideSchema = z.object({
  /** 设定依据: the laws and regulations the item rests on. */
  legalBasis: z.array(z.string().min(1)).default([]),
  fees: z.object({ free: z.boolean(), note: z.string().optional() }).default({ free: true }),
  /** 办理地点. */
  location: z.string().default(''),
  notes: z.array(z.string().min(1)).optional(),
});

export const FilingConfigSchema = z
  .object({
    enabled: z.boolean(),
    /** Who may file: a person (citizen ID number) or a company (unified social credit code). */
    applicant: z.enum(['citizen', 'company', 'either']).default('citizen'),
    form: z.object({ fields: z.array(FormFieldSchema).max(60).default([]) }).default({ fields: [] }),
  })
  .superRefine((f, ctx) => {
    const keys = new Set<string>();
    f.form.fields.forEach((field, i) => {
      if (keys.has(field.key)) ctx.addIssue({ code: 'custom', path: ['form', 'fields', i, 'key'], message: `field ${field.key} is listed twice` });
      keys.add(field.key);
    });
  });

export const SlotQuotaSchema = z
  .object({
    from: clockTime,
    to: clockTime,
    quota: z.number().int().min(0),
  })
  .refine((r) => r.from < r.to, { message: '`from` must be before `to`' });

export const ServiceItemSchema = z
  .object({
    /** 统一事项编码 (the unified item code of the provincial catalogue). */
    code: z.string().regex(/^[0-9A-Za-z_-]{2,40}$/, 'letters, digits, - and _ only (2–40)'),
    name: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
    /** Ticket prefix: the letter(s) before the daily sequence, as in A012. */
    prefix: z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters'),
    category: z.string().min(1),
    conditions: z.array(z.string()).default([]),
    materials: z.array(MaterialSchema).default([]),
    /** 法定办结时限, in working days; 0 means on the spot (即办件). */
    legalTimeLimitDays: z.number().int().min(0),
    /** 承诺办结时限, in working days, when the hall promises better than the law. */
    promisedTimeLimitDays: z.number().int().min(0).optional(),
    appointment: z.boolean().default(false),
    greenChannel: z.boolean().default(true),
    /** Starting estimate of one service, replaced by the running average as tickets finish. */
    avgServiceMinutes: z.number().positive().default(8),
    dailyQuota: z.number().int().min(0).optional(),
    slotQuotas: z.array(SlotQuotaSchema).default([]),
    /** Overrides the hall's issuing hours for this item. */
    issuingHours: OpeningHoursSchema.optional(),
    /** Overrides the hall's max-wait rule for this item. */
    maxWaitMinutes: z.number().int().positive().optional(),
    /** SLA on the manager's wall: a longest wait past this turns the service red. Default: the hall's max-wait rule. */
    slaWaitMinutes: z.number().int().positive().optional(),
    guide: GuideSchema.optional(),
    /** 自助申报: without `enabled` the item cannot be filed (FILING_NOT_OFFERED). */
    filing: FilingConfigSchema.optional(),
  })
  .transform((item, ctx) => {
    // Ids by position, so that catalogues written before filing existed still name every material.
    const materials = item.materials.map((m, i) => ({ ...m, id: m.id ?? `m${i + 1}` }));
    const seen = new Set<string>();
    materials.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['materials', i, 'id'], message: `material id ${m.id} is used twice` });
      seen.add(m.id);
    });
    return { ...item, materials };
  });

export const WindowServiceSchema = z.object({
  code: z.string(),
  weight: z.number().int().min(1).max(100).default(1),
});

export const WindowConfigSchema = z.object({
  no: z.number().int().min(1).max(999),
  name: z.string().min(1),
  /** Ordered: the first is the window's main service and wins ties. */
  services: z.array(WindowServiceSchema).min(1),
  /** The state the window starts in when the configuration is first loaded. */
  initialState: z.enum(['open', 'paused', 'closed']).default('closed'),
});

export const RulesSchema = z.object({
  /** Both classes waiting: a window calls `priority` priority tickets, then `normal` normal ones. */
  priorityRatio: z.object({ priority: z.number().int().min(1), normal: z.number().int().min(1) }).default({ priority: 2, normal: 1 }),
  /** 绿色通道: age from the ID number at or above which a visitor is offered the green channel. */
  greenChannelAge: z.number().int().min(50).max(120).default(65),
  /** A ticket waiting this long is called before any other rule applies. */
  maxWaitMinutes: z.number().int().positive().default(60),
  noShow: z
    .object({
      /** A reactivated no-show rejoins this many places behind the head of its queue. */
      placesBack: z.number().int().min(0).default(3),
      /** …if it comes back within this many minutes of being marked. */
      withinMinutes: z.number().int().min(1).default(30),
    })
    .default({ placesBack: 3, withinMinutes: 30 }),
  /** Where a transferred ticket joins its new queue. */
  transferPlacement: z.enum(['keep', 'front']).default('front'),
  appointmentCheckIn: z
    .object({
      earlyMinutes: z.number().int().min(0).default(30),
      lateMinutes: z.number().int().min(0).default(15),
    })
    .default({ earlyMinutes: 30, lateMinutes: 15 }),
  /** Local time at which ticket sequences and daily quotas start again. */
  dailyResetAt: clockTime.refine((t) => t !== '24:00', 'a day starts at 00:00, not 24:00').default('00:00'),
  issuingHours: OpeningHoursSchema.default({
    days: [1, 2, 3, 4, 5],
    ranges: [
      { from: '08:30', to: '12:00' },
      { from: '13:30', to: '17:30' },
    ],
  }),
  /** Personal fields (sealed ID numbers, names, masked copies) are purged after this many days. */
  retentionDays: z.number().int().min(1).default(30),
  /** Reasons offered for 不满意 and 非常不满意 ratings (the visitor may also type one). */
  ratingReasons: z.array(z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) })).default([
    { 'zh-CN': '等候时间太长', en: 'Waited too long' },
    { 'zh-CN': '工作人员态度不好', en: 'Staff were unfriendly' },
    { 'zh-CN': '材料要求没有一次说清', en: 'Requirements were not explained at once' },
    { 'zh-CN': '办理流程繁琐', en: 'The procedure was too complicated' },
    { 'zh-CN': '没有办成', en: 'The matter was not resolved' },
  ]),
  /** May a visitor take a ticket without identifying (no ID card, no appointment)? */
  anonymousTickets: z.boolean().default(true),
});

const MiB = 1024 * 1024;
/** A size limit in bytes: at least 1 KiB, at most `maxMiB`, `defaultMiB` unless configured. */
const byteLimit = (maxMiB: number, defaultMiB: number) =>
  z
    .number()
    .int()
    .min(1024)
    .max(maxMiB * MiB)
    .default(defaultMiB * MiB);

export const FilingLimitsSchema = z.object({
  /** One uploaded page (FILE_TOO_LARGE). A 300 dpi A4 colour scan as JPEG is 0.5–2 MB. */
  maxFileBytes: byteLimit(64, 5),
  /** All pages of one filing together. */
  maxFilingBytes: byteLimit(1024, 30),
  /** How long 我的材料 kept with the visitor's consent may be reused. */
  keepForReuseDays: z.number().int().min(1).max(3650).default(180),
});

export const HallConfigSchema = z
  .object({
    hallId: z.string().min(1),
    name: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
    /** IANA zone; every day boundary follows it, never the machine's zone. */
    timeZone: z.string().refine(isKnownTimeZone, { message: 'not an IANA time zone (such as Asia/Shanghai)' }).default('Asia/Shanghai'),
    rules: RulesSchema.default(RulesSchema.parse({})),
    services: z.array(ServiceItemSchema).min(1),
    windows: z.array(WindowConfigSchema).min(1),
    filingLimits: FilingLimitsSchema.default(FilingLimitsSchema.parse({})),
  })
  .superRefine((hall, ctx) => {
    const codes = new Set<string>();
    hall.services.forEach((s, i) => {
      if (codes.has(s.code)) ctx.addIssue({ code: 'custom', path: ['services', i, 'code'], message: `duplicate service code ${s.code}` });
      codes.add(s.code);
    });
    const numbers = new Set<number>();
    hall.windows.forEach((w, i) => {
      if (numbers.has(w.no)) ctx.addIssue({ code: 'custom', path: ['windows', i, 'no'], message: `duplicate window number ${w.no}` });
      numbers.add(w.no);
      const served = new Set<string>();
      w.services.forEach((ws, j) => {
        if (!codes.has(ws.code)) {
          ctx.addIssue({ code: 'custom', path: ['windows', i, 'services', j, 'code'], message: `unknown service code ${ws.code}` });
        }
        // As updateWindow refuses: a second entry would count the service's weight twice.
        if (served.has(ws.code)) {
          ctx.addIssue({ code: 'custom', path: ['windows', i, 'services', j, 'code'], message: `service ${ws.code} is listed twice` });
        }
        served.add(ws.code);
      });
    });
  });

export type HallConfig = z.infer<typeof HallConfigSchema>;
export type HallConfigInput = z.input<typeof HallConfigSchema>;
export type ServiceItem = z.infer<typeof ServiceItemSchema>;
export type WindowConfig = z.infer<typeof WindowConfigSchema>;
export type Rules = z.infer<typeof RulesSchema>;
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;
export type Material = ServiceItem['materials'][number];
export type FormField = z.infer<typeof FormFieldSchema>;
export type FormFieldInput = z.input<typeof FormFieldSchema>;
export type Guide = z.infer<typeof GuideSchema>;
export type FilingConfig = z.infer<typeof FilingConfigSchema>;
export type FilingLimits = z.infer<typeof FilingLimitsSchema>;

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Parses a configuration, throwing a ConfigError that names each bad field by its path. */
export function parseHallConfig(input: unknown): HallConfig {
  const result = HallConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      path: issue.path.length
        ? issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, '')
        : '(root)',
      message: issue.message,
    })),
  );
}
