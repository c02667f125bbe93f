/**
 * What the hall reports to the city platform: a queue-load report every
 * interval and each rating as it happens. The schemas here are the format;
 * docs/upstream.schema.json is generated from them.
 */
import { z } from 'zod';
import { estimateWaitMinutes, oldestWaitingSince, openWindowsServing } from '../domain/estimate.ts';
import type { HallState, Rating } from '../domain/model.ts';
import { currentTicketOf } from '../domain/window-guard.ts';
import type { TerminalStatus } from '../protocol/queue.ts';
import type { DayFigures } from '../stats/live.ts';

export const QueueLoadReport = z
  .object({
    type: z.literal('queue-load'),
    hallId: z.string(),
    at: z.string().describe('ISO 8601 instant the figures were taken'),
    day: z.string().describe('Hall day, YYYY-MM-DD, in the hall’s time zone'),
    services: z.array(
      z.object({
        code: z.string().describe('统一事项编码'),
        name: z.string().optional().describe('The service’s name in Chinese, as the hall’s catalogue gives it'),
        waiting: z.number().int(),
        longestWaitS: z.number().int().describe('Longest current wait among waiting tickets, seconds'),
        avgWaitS: z.number().int().describe('Average wait of tickets called today, seconds'),
        estimatedWaitMinutes: z.number().int(),
        issued: z.number().int(),
        served: z.number().int(),
        windowsOpen: z.number().int(),
      }),
    ),
    windows: z.array(
      z.object({
        no: z.number().int(),
        state: z.enum(['open', 'paused', 'closed']),
        servedToday: z.number().int(),
        currentNumber: z.string().optional(),
      }),
    ),
    issuedToday: z.number().int(),
    servedToday: z.number().int(),
  })
  .meta({ id: 'QueueLoadReport' });
export type QueueLoadReport = z.infer<typeof QueueLoadReport>;

export const RatingReport = z
  .object({
    type: z.literal('rating'),
    hallId: z.string(),
    at: z.string(),
    ticketId: z.string(),
    serviceCode: z.string(),
    windowNo: z.number().int().optional(),
    staffNo: z.string().optional(),
    level: z.number().int().min(1).max(5).describe('5 非常满意 … 1 非常不满意'),
    reason: z.string().optional(),
  })
  .meta({ id: 'RatingReport' });
export type RatingReport = z.infer<typeof RatingReport>;

export const DeviceHealthReport = z
  .object({
    type: z.literal('device-health'),
    hallId: z.string(),
    at: z.string(),
    terminals: z.array(
      z.object({
        name: z.string(),
        role: z.string(),
        windowNo: z.number().int().optional(),
        online: z.boolean(),
        lastSeen: z.string(),
        devices: z.array(
          z.object({
            device: z.string(),
            model: z.string(),
            state: z.enum(['ok', 'warning', 'error', 'absent']),
            code: z.string().optional().describe('PAPER_LOW, PAPER_OUT, COVER_OPEN, DISCONNECTED …'),
            since: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'DeviceHealthReport' });
export type DeviceHealthReport = z.infer<typeof DeviceHealthReport>;

export const UpstreamReport = z.discriminatedUnion('type', [QueueLoadReport, RatingReport, DeviceHealthReport]);
export type UpstreamReport = z.infer<typeof UpstreamReport>;

export function queueLoadReport(hallId: string, state: HallState, figures: DayFigures, now: number): QueueLoadReport {
  let issuedToday = 0;
  let servedToday = 0;
  const services = state.config.services.map((item) => {
    const f = figures.byService[item.code];
    const queue = state.queues.get(item.code) ?? [];
    const oldest = oldestWaitingSince(state, item.code, now);
    const windowsOpen = openWindowsServing(state, item.code);
    issuedToday += f?.issued ?? 0;
    servedToday += f?.served ?? 0;
    return {
      code: item.code,
      name: item.name['zh-CN'],
      waiting: queue.length,
      longestWaitS: Math.round((now - oldest) / 1000),
      avgWaitS: f?.waitCount ? Math.round(f.waitMsSum / f.waitCount / 1000) : 0,
      estimatedWaitMinutes: estimateWaitMinutes(state, item.code, queue.length),
      issued: f?.issued ?? 0,
      served: f?.served ?? 0,
      windowsOpen,
    };
  });
  const windows = [...state.windows.values()]
    .sort((a, b) => a.no - b.no)
    .map((w) => ({
      no: w.no,
      state: w.state,
      servedToday: figures.byWindow[String(w.no)]?.served ?? 0,
      currentNumber: currentTicketOf(state, w)?.number,
    }));
  return { type: 'queue-load', hallId, at: new Date(now).toISOString(), day: figures.day, services, windows, issuedToday, servedToday };
}

/** What each terminal last said of its devices; the city's operations centre sees a kiosk out of paper as an alarm. */
export function deviceHealthReport(hallId: string, terminals: readonly TerminalStatus[], now: number): DeviceHealthReport {
  return {
    type: 'device-health',
    hallId,
    at: new Date(now).toISOString(),
    terminals: terminals.map((t) => ({
      name: t.name,
      role: t.role,
      windowNo: t.windowNo,
      online: t.online,
      lastSeen: t.lastSeen,
      devices: t.devices.map(({ device, model, state, code, since }) => ({ device, model, state, code, since })),
    })),
  };
}

export function ratingReport(hallId: string, rating: Rating): RatingReport {
  return {
    type: 'rating',
    hallId,
    at: new Date(rating.at).toISOString(),
    ticketId: rating.ticketId,
    serviceCode: rating.serviceCode,
    windowNo: rating.windowNo,
    staffNo: rating.staffNo,
    level: rating.level,
    reason: rating.reason,
  };
}
