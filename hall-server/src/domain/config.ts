/**
 * The hall's configuration: catalogue (事项目录), windows, calling rules,
 * quotas and time zone. It is data a hall administrator edits, so it is
 * validated with a schema that reports the path of the bad field.
 */
import { z } from 'zod';

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a local time HH:MM (00:00–24:00)');

export const TimeRangeSchema = z
  .object({ from: clockTime, to: clockTime })
  .refine((r) => r.from < r.to, { message: '`from` must be before `to`' });

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
const weekdays = z.array(z.number().int().min(1).max(7)).min(1);

export const OpeningHoursSchema = z.object({
  days: weekdays.default([1, 2, 3, 4, 5, 6, 7]),
  ranges: z.array(TimeRangeSchema).min(1),
});

export const MaterialSchema = z.object({
  name: z.string().min(1),
  form: z.enum(['original', 'copy', 'original-and-copy', 'electronic']),
  copies: z.number().int().min(0).default(1),
  note: z.string().optional(),
});

export const SlotQuotaSchema = z
  .object({
    from: clockTime,
    to: clockTime,
    quota: z.number().int().min(0),
  })
  .refine((r) => r.from < r.to, { message: '`from` must be before `to`' });

export const ServiceItemSchema = z.object({
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
  priorityRatio: z
    .object({ priority: z.number().int().min(1), normal: z.number().int().min(1) })
    .default({ priority: 2, normal: 1 }),
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
  ratingReasons: z
    .array(z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }))
    .default([
      { 'zh-CN': '等候时间太长', en: 'Waited too long' },
      { 'zh-CN': '工作人员态度不好', en: 'Staff were unfriendly' },
      { 'zh-CN': '材料要求没有一次说清', en: 'Requirements were not explained at once' },
      { 'zh-CN': '办理流程繁琐', en: 'The procedure was too complicated' },
      { 'zh-CN': '没有办成', en: 'The matter was not resolved' },
    ]),
  /** May a visitor take a ticket without identifying (no ID card, no appointment)? */
  anonymousTickets: z.boolean().default(true),
});

export const HallConfigSchema = z
  .object({
    hallId: z.string().min(1),
    name: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
    /** IANA zone; every day boundary follows it, never the machine's zone. */
    timeZone: z
      .string()
      .refine(isKnownTimeZone, { message: 'not an IANA time zone (such as Asia/Shanghai)' })
      .default('Asia/Shanghai'),
    rules: RulesSchema.default(RulesSchema.parse({})),
    services: z.array(ServiceItemSchema).min(1),
    windows: z.array(WindowConfigSchema).min(1),
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
      path: issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(root)',
      message: issue.message,
    })),
  );
}
