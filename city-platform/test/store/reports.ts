/** Reports as a hall sends them (after the transport verified them), for the store's tests. */
import type { DeviceHealthReport, QueueLoadReport, RatingReport } from '@hall/server/upstream-format';
import type { VerifiedReport } from '../../src/ports.ts';

let keys = 0;

function verified(body: QueueLoadReport | RatingReport | DeviceHealthReport, key?: string): VerifiedReport {
  return {
    hallId: body.hallId,
    idempotencyKey: key ?? `key-${++keys}`,
    type: body.type,
    at: body.at,
    body: body as unknown as Record<string, unknown>,
    signedBody: JSON.stringify(body),
  };
}

export type ServiceFigures = Partial<QueueLoadReport['services'][number]> & { code: string };

export function queueLoad(
  hallId: string,
  at: string,
  options: { day?: string; services?: ServiceFigures[]; windowsOpen?: number; issuedToday?: number; servedToday?: number; key?: string } = {},
): VerifiedReport {
  const services = (options.services ?? [{ code: 'HJ-001' }]).map((s) => ({
    waiting: 0,
    longestWaitS: 0,
    avgWaitS: 0,
    estimatedWaitMinutes: 0,
    issued: 0,
    served: 0,
    windowsOpen: 1,
    ...s,
  }));
  const open = options.windowsOpen ?? 1;
  return verified(
    {
      type: 'queue-load',
      hallId,
      at,
      day: options.day ?? at.slice(0, 10),
      services,
      windows: [
        ...Array.from({ length: open }, (_, i) => ({ no: i + 1, state: 'open' as const, servedToday: 0 })),
        { no: open + 1, state: 'closed' as const, servedToday: 0 },
      ],
      issuedToday: options.issuedToday ?? services.reduce((n, s) => n + s.issued, 0),
      servedToday: options.servedToday ?? services.reduce((n, s) => n + s.served, 0),
    },
    options.key,
  );
}

export function rating(
  hallId: string,
  at: string,
  level: number,
  options: { ticketId?: string; serviceCode?: string; windowNo?: number; reason?: string; key?: string } = {},
): VerifiedReport {
  return verified(
    {
      type: 'rating',
      hallId,
      at,
      ticketId: options.ticketId ?? `t-${++keys}`,
      serviceCode: options.serviceCode ?? 'HJ-001',
      ...(options.windowNo !== undefined ? { windowNo: options.windowNo } : {}),
      level,
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
    },
    options.key,
  );
}

export function deviceHealth(
  hallId: string,
  at: string,
  devices: { terminal: string; device: string; state: 'ok' | 'warning' | 'error' | 'absent'; code?: string }[],
): VerifiedReport {
  const terminals = [...new Set(devices.map((d) => d.terminal))].map((name) => ({
    name,
    role: 'ticket',
    online: true,
    lastSeen: at,
    devices: devices
      .filter((d) => d.terminal === name)
      .map((d) => ({ device: d.device, model: 'model', state: d.state, ...(d.code ? { code: d.code } : {}), since: at })),
  }));
  return verified({ type: 'device-health', hallId, at, terminals });
}
