/**
 * The shapes the city platform's API answers, as zod schemas. They are the
 * port types of ports.ts written as data (for the OpenAPI document and for
 * checking answers in tests); the checks at the bottom make a schema that
 * drifts from its port type a compile error, so the two cannot disagree.
 */
import { z } from 'zod';
import type * as Port from '../ports.ts';
import { HALL_ID } from '../accounts/hall-id.ts';

/**
 * A hall's id as it appears in a path or a query: the id a hall publishes
 * under (`hall/<hallId>/…`), so no MQTT wildcard or level separator, and
 * bounded so a request cannot make the platform look up arbitrary text.
 */
/** A service's 统一事项编码 as halls report it (`330106-CRJ-001`): the same bounds. */
export const SERVICE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const HallId = z.string().regex(HALL_ID, 'a hall id: letters, digits, . _ -, at most 64');
export const ServiceCode = z.string().max(64).regex(SERVICE_CODE_PATTERN, 'a service code: letters, digits, . _ -, at most 64');

const Instant = z.string().describe('ISO 8601 instant');

export const SlaState = z.enum(['ok', 'warn', 'breach']).describe('Service-level state from the longest current wait');

export const HallOverview = z.object({
  hallId: z.string(),
  name: z.string(),
  online: z.boolean(),
  waiting: z.number().int(),
  longestWaitS: z.number(),
  windowsOpen: z.number().int(),
  issuedToday: z.number().int(),
  servedToday: z.number().int(),
  goodRatingRate: z.number().min(0).max(1).nullable().describe("Share of today's ratings at level 4 or 5; null with no rating today"),
  reportedAt: Instant.nullable().describe('The last queue-load report; null before the first'),
  slaState: SlaState,
  deviceAlarms: z.number().int().describe('Devices not in order, as the last device-health report said'),
});

export const HallServiceLoad = z.object({
  code: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  longestWaitS: z.number(),
  estimatedWaitMinutes: z.number(),
  issued: z.number().int(),
  served: z.number().int(),
  windowsOpen: z.number().int(),
});

export const HourlyPoint = z.object({
  hour: Instant.describe('Start of the hour'),
  issued: z.number().int(),
  served: z.number().int(),
  peakWaiting: z.number().int().describe('Most people waiting at once in that hour'),
});

export const DeviceAlarm = z.object({ terminal: z.string(), device: z.string(), state: z.string(), code: z.string().optional(), since: Instant });

export const HallDetail = z.object({
  hall: HallOverview,
  services: z.array(HallServiceLoad),
  hourly: z.array(HourlyPoint).describe("Today's hours, oldest first"),
  alarms: z.array(DeviceAlarm),
});

export const RatingRow = z.object({
  hallId: z.string(),
  at: Instant,
  serviceCode: z.string(),
  windowNo: z.number().int().optional(),
  level: z.number().int().min(1).max(5),
  reason: z.string().optional(),
});

export const ShortestHall = z.object({
  hallId: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  estimatedWaitMinutes: z.number(),
  windowsOpen: z.number().int(),
});

export const Service = z.object({ code: z.string(), name: z.string() });

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

// Compile-time: each schema's output is exactly its port type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agrees = <T extends true>(_: T) => undefined;
agrees<Same<z.output<typeof HallOverview>, Port.HallOverview>>(true);
agrees<Same<z.output<typeof HallServiceLoad>, Port.HallServiceLoad>>(true);
agrees<Same<z.output<typeof HourlyPoint>, Port.HourlyPoint>>(true);
agrees<Same<z.output<typeof DeviceAlarm>, Port.DeviceAlarm>>(true);
agrees<Same<z.output<typeof HallDetail>, Port.HallDetail>>(true);
agrees<Same<z.output<typeof RatingRow>, Port.RatingRow>>(true);
agrees<Same<z.output<typeof ShortestHall>, Port.ShortestRow>>(true);
