import { describe, expect, it } from 'vitest';
import { statusProblem } from './errors.ts';
import {
  StatusByteError,
  StatusReader,
  decodeAsb,
  decodePaperSensor,
  decodeRealtime,
  decodeRealtimeSet,
  encodeAsb,
  encodeRealtime,
  healthyStatus,
  type RealtimeKind,
} from './status.ts';
import type { PrinterStatus } from './types.ts';

// Every documented bit of each DLE EOT answer: [n, bit, flag, value when the bit is set].
const BITS: [RealtimeKind, number, keyof PrinterStatus, boolean][] = [
  [1, 2, 'drawerHigh', true],
  [1, 3, 'online', false],
  [1, 5, 'waitingOnlineRecovery', true],
  [1, 6, 'feedButtonPressed', true],
  [2, 2, 'coverOpen', true],
  [2, 3, 'feeding', true],
  [2, 5, 'paperEndStop', true],
  [2, 6, 'errorOccurred', true],
  [3, 2, 'mechanicalError', true],
  [3, 3, 'cutterError', true],
  [3, 5, 'unrecoverableError', true],
  [3, 6, 'autoRecoverableError', true],
  [4, 2, 'paperNearEnd', true],
  [4, 3, 'paperNearEnd', true],
  [4, 5, 'paperEnd', true],
  [4, 6, 'paperEnd', true],
];

describe('DLE EOT status decoding', () => {
  it('0x12 (only the fixed bits) means online with nothing wrong, for every n', () => {
    expect(decodeRealtimeSet([0x12, 0x12, 0x12, 0x12])).toEqual(healthyStatus());
  });

  it.each(BITS)('DLE EOT %i bit %i sets %s', (n, bit, flag, value) => {
    const decoded = decodeRealtime(n, 0x12 | (1 << bit));
    expect(decoded[flag]).toBe(value);
    // And no other flag of that answer moves.
    const base = decodeRealtime(n, 0x12);
    for (const k of Object.keys(base) as (keyof PrinterStatus)[]) if (k !== flag) expect(decoded[k]).toBe(base[k]);
  });

  it("a paper-out printer's answers (Epson's example 0x1A 0x32 0x12 0x72) decode to offline, paper end, printing stopped", () => {
    const s = decodeRealtimeSet([0x1a, 0x32, 0x12, 0x72]);
    expect(s).toMatchObject({ online: false, paperEnd: true, paperEndStop: true, coverOpen: false });
    expect(statusProblem(s, false)).toMatchObject({ paperOut: true, code: 'PRINTER_PAPER_OUT', duringPrint: false });
  });

  it('a byte without the fixed bits (0xx1xx10) is a StatusByteError', () => {
    for (const b of [0x00, 0x10, 0x13, 0x92, 0xff, 0x02]) expect(() => decodeRealtime(1, b)).toThrow(StatusByteError);
  });

  it('encoding and decoding agree for every combination of flags', () => {
    for (let mask = 0; mask < 256; mask++) {
      const s = {
        ...healthyStatus(),
        coverOpen: !!(mask & 1),
        paperEnd: !!(mask & 2),
        paperNearEnd: !!(mask & 4),
        online: !(mask & 8),
        cutterError: !!(mask & 16),
        unrecoverableError: !!(mask & 32),
        feedButtonPressed: !!(mask & 64),
        drawerHigh: !!(mask & 128),
      };
      const back = decodeRealtimeSet([1, 2, 3, 4].map((n) => encodeRealtime(n as RealtimeKind, s)));
      expect(back).toMatchObject({
        coverOpen: s.coverOpen,
        paperEnd: s.paperEnd,
        paperNearEnd: s.paperNearEnd,
        online: s.online,
        cutterError: s.cutterError,
        unrecoverableError: s.unrecoverableError,
        feedButtonPressed: s.feedButtonPressed,
        drawerHigh: s.drawerHigh,
      });
    }
  });
});

describe('automatic status back (GS a)', () => {
  it('decodes every flag of the four-byte block', () => {
    expect(decodeAsb([0x10, 0, 0, 0])).toEqual(healthyStatus());
    expect(decodeAsb([0x14, 0, 0, 0]).drawerHigh).toBe(true);
    expect(decodeAsb([0x18, 0, 0, 0]).online).toBe(false);
    expect(decodeAsb([0x30, 0, 0, 0]).coverOpen).toBe(true);
    expect(decodeAsb([0x50, 0, 0, 0]).feeding).toBe(true);
    expect(decodeAsb([0x10, 0x01, 0, 0]).waitingOnlineRecovery).toBe(true);
    expect(decodeAsb([0x10, 0x04, 0, 0]).mechanicalError).toBe(true);
    expect(decodeAsb([0x10, 0x08, 0, 0]).cutterError).toBe(true);
    expect(decodeAsb([0x10, 0x20, 0, 0]).unrecoverableError).toBe(true);
    expect(decodeAsb([0x10, 0x40, 0, 0]).autoRecoverableError).toBe(true);
    expect(decodeAsb([0x10, 0, 0x03, 0]).paperNearEnd).toBe(true);
    expect(decodeAsb([0x10, 0, 0x0c, 0]).paperEnd).toBe(true);
  });

  it('round-trips through encodeAsb', () => {
    const s = { ...healthyStatus(), coverOpen: true, paperNearEnd: true, online: false };
    expect(decodeAsb(encodeAsb(s))).toMatchObject({ coverOpen: true, paperNearEnd: true, online: false, paperEnd: false });
  });

  it('a block of the wrong shape is a StatusByteError', () => {
    expect(() => decodeAsb([0x12, 0, 0, 0])).toThrow(StatusByteError);
    expect(() => decodeAsb([0x10, 0x90, 0, 0])).toThrow(StatusByteError);
  });

  it('GS r 1 answers give the paper sensors', () => {
    expect(decodePaperSensor(0x00)).toEqual({ paperNearEnd: false, paperEnd: false });
    expect(decodePaperSensor(0x0c)).toEqual({ paperNearEnd: false, paperEnd: true });
    expect(decodePaperSensor(0x03)).toEqual({ paperNearEnd: true, paperEnd: false });
  });
});

describe('StatusReader', () => {
  it('tells real-time answers, an ASB block, sequenced answers, XOFF and noise apart, across chunk boundaries', () => {
    const r = new StatusReader();
    const events = [...r.push([0x12, 0x30, 0x00]), ...r.push([0x0c, 0x00, 0x00, 0x13, 0xff])];
    expect(events.map((e) => e.kind)).toEqual(['realtime', 'asb', 'sequenced', 'flow', 'garbage']);
    const asb = events[1]!;
    expect(asb.kind === 'asb' && asb.status.coverOpen && asb.status.paperEnd).toBe(true);
    expect(r.buffered).toBe(0);
  });

  it('a broken ASB block gives way to the real-time answer that interrupts it', () => {
    const r = new StatusReader();
    expect(r.push([0x10, 0x00, 0x12]).map((e) => e.kind)).toEqual(['garbage', 'garbage', 'realtime']);
  });
});

describe('what a status means for printing', () => {
  it('cover open is named first, then paper out, then faults, then offline', () => {
    const h = healthyStatus();
    expect(statusProblem(h, false)).toBeUndefined();
    expect(statusProblem({ ...h, paperNearEnd: true }, false)).toBeUndefined();
    expect(statusProblem({ ...h, coverOpen: true, paperEnd: true, online: false }, false)).toMatchObject({ coverOpen: true });
    expect(statusProblem({ ...h, paperEnd: true, online: false }, true)).toMatchObject({ paperOut: true, duringPrint: true });
    expect(statusProblem({ ...h, cutterError: true }, false)).toMatchObject({ fault: true, code: 'PRINTER_CUTTER_ERROR' });
    expect(statusProblem({ ...h, unrecoverableError: true }, false)).toMatchObject({ fault: true, code: 'PRINTER_UNRECOVERABLE' });
    expect(statusProblem({ ...h, online: false }, false)).toMatchObject({ offline: true });
  });

  it('messages are in Chinese and English and say whether anything was printed', () => {
    const e = statusProblem({ ...healthyStatus(), paperEnd: true }, false)!;
    expect(e.messageZh).toBe('打印机缺纸，未打印任何内容');
    expect(e.messageEn).toBe('the printer is out of paper; nothing was printed');
  });
});
