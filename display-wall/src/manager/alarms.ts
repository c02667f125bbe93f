/**
 * Device alarms from the terminals the hall reports (`listTerminals`,
 * `terminal:updated`): a printer low on or out of paper, a reader gone, a
 * kiosk offline. Pure, so the store and its tests share it.
 */
import type { TerminalStatus } from '@hall/server/protocol';

export type AlarmKind = 'paper-low' | 'paper-out' | 'device-gone' | 'device-fault' | 'kiosk-offline';

export type Alarm = {
  /** Stable while the condition lasts: terminal, device and kind. */
  key: string;
  kind: AlarmKind;
  severity: 'warning' | 'error';
  terminalId: string;
  terminalName: string;
  windowNo?: number;
  device?: string;
  model?: string;
  code?: string;
  message?: { 'zh-CN': string; 'zh-TW'?: string; en: string };
  since: string;
};

function deviceKind(d: TerminalStatus['devices'][number]): AlarmKind | undefined {
  if (d.state === 'ok') return undefined;
  if (d.code === 'PAPER_LOW') return 'paper-low';
  if (d.code === 'PAPER_OUT') return 'paper-out';
  if (d.state === 'absent' || d.code === 'DISCONNECTED') return 'device-gone';
  return 'device-fault';
}

export function alarmsOf(terminals: Iterable<TerminalStatus>): Alarm[] {
  const alarms: Alarm[] = [];
  for (const t of terminals) {
    const base = { terminalId: t.terminalId, terminalName: t.name, windowNo: t.windowNo };
    if (t.role === 'kiosk' && !t.online) {
      alarms.push({ ...base, key: `${t.terminalId}/offline`, kind: 'kiosk-offline', severity: 'error', since: t.lastSeen });
    }
    for (const d of t.devices) {
      const kind = deviceKind(d);
      if (!kind) continue;
      alarms.push({
        ...base,
        key: `${t.terminalId}/${d.device}/${kind}`,
        kind,
        severity: kind === 'paper-low' || d.state === 'warning' ? 'warning' : 'error',
        device: d.device,
        model: d.model,
        code: d.code,
        message: d.message,
        since: d.since,
      });
    }
  }
  // Errors first, then the oldest.
  return alarms.sort((a, b) => (a.severity === b.severity ? a.since.localeCompare(b.since) : a.severity === 'error' ? -1 : 1));
}
