import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { DriverError } from '../errors.ts';
import { SerialScannerSimulator } from '../sim/scanner-sim.ts';
import { FakeTransport } from '../transport/fake.ts';
import { classifyPayload, isValidUscc } from './classify.ts';
import { DEFAULT_HID_POS_LAYOUT, HidPosAssembler, HidPosReportError, encodeHidPosReports, parseHidPosReport } from './hid-pos.ts';
import { LineSplitter, type LineTooLongError } from './line-splitter.ts';
import { HidPosScanner, SerialLineScanner } from './scanner.ts';
import type { Scan } from './types.ts';
import { WedgeDetector, classifyWedgeInput, type KeyStroke } from './wedge.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const gb = (s: string) => new Uint8Array(iconv.encode(s, 'gb18030'));

describe('HID POS reports (usage page 0x8C)', () => {
  it('one report gives the data length, the AIM symbology id and no continuation', () => {
    const [r] = encodeHidPosReports(utf8('HELLO'), ']Q1');
    const parsed = parseHidPosReport(r!);
    expect(parsed).toEqual({ symbology: ']Q1', data: utf8('HELLO'), continued: false });
  });

  it('a 150-byte payload spans three reports, the first two flagged as continued', () => {
    const data = utf8('A'.repeat(150));
    const reports = encodeHidPosReports(data);
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => parseHidPosReport(r).continued)).toEqual([true, true, false]);
    const a = new HidPosAssembler();
    expect(a.push(reports[0]!)).toBeUndefined();
    expect(a.push(reports[1]!)).toBeUndefined();
    expect(a.push(reports[2]!)).toEqual({ text: 'A'.repeat(150), symbology: ']Q1', source: 'hid-pos' });
  });

  it('content is decoded as GB18030 when so configured, across a report boundary', () => {
    const text = '政务服务大厅'.repeat(6);
    const a = new HidPosAssembler({ encoding: 'gb18030' });
    let scan: Scan | undefined;
    for (const r of encodeHidPosReports(gb(text))) scan = a.push(r);
    expect(scan?.text).toBe(text);
  });

  it('a report with a length beyond its capacity, a foreign report id or too few bytes is a HidPosReportError', () => {
    const [r] = encodeHidPosReports(utf8('X'));
    const long = r!.slice();
    long[DEFAULT_HID_POS_LAYOUT.lengthOffset] = 57;
    expect(() => parseHidPosReport(long)).toThrow(HidPosReportError);
    const other = r!.slice();
    other[0] = 0x01;
    expect(() => parseHidPosReport(other)).toThrow(HidPosReportError);
    expect(() => parseHidPosReport(r!.subarray(0, 20))).toThrow(HidPosReportError);
  });

  it('a bad report in the middle of a scan drops the partial scan', () => {
    const reports = encodeHidPosReports(utf8('B'.repeat(100)));
    const a = new HidPosAssembler();
    a.push(reports[0]!);
    expect(() => a.push(new Uint8Array(64))).toThrow(HidPosReportError);
    expect(a.push(encodeHidPosReports(utf8('OK'))[0]!)?.text).toBe('OK');
  });

  it('the HID POS scanner driver emits one scan per assembled payload and reports bad reports as errors', async () => {
    const t = new FakeTransport();
    const scanner = new HidPosScanner(t);
    const scans: Scan[] = [];
    const errors: DriverError[] = [];
    scanner.on('scan', (s) => scans.push(s));
    scanner.on('error', (e) => errors.push(e));
    await scanner.start();
    for (const r of encodeHidPosReports(utf8('https://example.gov.cn/' + 'x'.repeat(80)))) await t.device.write(r);
    await t.device.write(new Uint8Array(64));
    expect(scans).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HidPosReportError);
    await scanner.stop();
  });
});

describe('serial line mode', () => {
  it('a line split across chunks and two lines in one chunk each come out once', () => {
    const s = new LineSplitter({ terminator: '\r\n' });
    const lines = [...s.push(utf8('AB')), ...s.push(utf8('C\r')), ...s.push(utf8('\nD\r\nE\r\n'))];
    expect(lines.map((l) => (l.kind === 'line' ? new TextDecoder().decode(l.bytes) : 'ERR'))).toEqual(['ABC', 'D', 'E']);
  });

  it('the terminator is configurable (CR only)', () => {
    const s = new LineSplitter({ terminator: '\r' });
    expect(s.push(utf8('X1\rX2\r')).length).toBe(2);
  });

  it('a line with no terminator within maxLength is reported once and discarded', () => {
    const s = new LineSplitter({ terminator: '\n', maxLength: 8 });
    const evs = [...s.push(utf8('0123456789ABCDEF')), ...s.push(utf8('MORE')), ...s.push(utf8('\nOK\n'))];
    expect(evs.filter((e) => e.kind === 'error')).toHaveLength(1);
    expect(evs.filter((e) => e.kind === 'line').map((e) => (e.kind === 'line' ? new TextDecoder().decode(e.bytes) : ''))).toEqual(['OK']);
    expect((evs.find((e) => e.kind === 'error') as { error: LineTooLongError }).error.lineTooLong).toBe(true);
  });

  it('an empty terminator is a TypeError', () => {
    expect(() => new LineSplitter({ terminator: '' })).toThrow(TypeError);
  });

  it('the serial scanner decodes GB18030 lines from the simulated scanner', async () => {
    const t = new FakeTransport();
    const scanner = new SerialLineScanner(t, { encoding: 'gb18030', terminator: '\r' });
    const sim = new SerialScannerSimulator(t.device, { encoding: 'gb18030', terminator: '\r' });
    const scans: Scan[] = [];
    scanner.on('scan', (s) => scans.push(s));
    await scanner.start();
    t.device.chunkSize = 3;
    await sim.scan('窗口5：预约号 YY20250101A0001');
    await sim.scan('110101199003078814');
    expect(scans.map((s) => s.text)).toEqual(['窗口5：预约号 YY20250101A0001', '110101199003078814']);
    await scanner.stop();
  });
});

describe('keyboard wedge classifier', () => {
  const keys = (text: string, gapMs: number, start = 1000): KeyStroke[] =>
    [...text, 'Enter'].map((key, i) => ({ key: key === '\n' ? 'Enter' : key, at: start + i * gapMs }));
  const t = { minChars: 6, maxGapMs: 30 };

  it('six characters 10 ms apart and then Enter are a scan', () => {
    expect(classifyWedgeInput(keys('ABC123', 10), t)).toEqual({ kind: 'scan', text: 'ABC123' });
  });

  it('the same characters typed 120 ms apart are typing', () => {
    expect(classifyWedgeInput(keys('ABC123', 120), t)).toEqual({ kind: 'typing' });
  });

  it('five fast characters are typing when six are required', () => {
    expect(classifyWedgeInput(keys('ABC12', 10), t)).toEqual({ kind: 'typing' });
  });

  it('a gap exactly at the threshold counts as typing (gaps must be under M)', () => {
    expect(classifyWedgeInput(keys('ABC123', 30), t)).toEqual({ kind: 'typing' });
    expect(classifyWedgeInput(keys('ABC123', 29), t)).toEqual({ kind: 'scan', text: 'ABC123' });
  });

  it('a fast burst without Enter, or with a slow Enter, is typing', () => {
    const k = keys('ABC123', 10);
    expect(classifyWedgeInput(k.slice(0, -1), t)).toEqual({ kind: 'typing' });
    k[k.length - 1]!.at += 500;
    expect(classifyWedgeInput(k, t)).toEqual({ kind: 'typing' });
  });

  it('the detector finds a scan that follows slow typing', () => {
    const d = new WedgeDetector(t);
    const verdicts = [...keys('hi', 200, 0).slice(0, -1), ...keys('YY20250101A0001', 5, 2000)].map((k) => d.push(k)).filter(Boolean);
    expect(verdicts).toEqual([{ kind: 'scan', text: 'YY20250101A0001' }]);
  });

  it('thresholds that make no sense are TypeErrors', () => {
    expect(() => classifyWedgeInput([], { minChars: 0, maxGapMs: 10 })).toThrow(TypeError);
    expect(() => new WedgeDetector({ minChars: 3, maxGapMs: -1 })).toThrow(TypeError);
  });
});

describe('payload classification', () => {
  it.each([
    ['YY20250101A0001', 'appointment'],
    ['110101199003078814', 'id-number'],
    ['110101199003078815', 'text'],
    ['91350100M000100Y43', 'uscc'],
    ['https://www.example.com/a', 'url'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLWV4YW1wbGU', 'e-licence'],
    ['示例文本：窗口5', 'text'],
  ] as const)('%s is classified as %s', (text, kind) => {
    expect(classifyPayload(text)).toBe(kind);
  });

  it('URLs on configured hosts are e-licence payloads', () => {
    expect(classifyPayload('https://code.sh.example.gov.cn/q?t=abc', { eLicenceHosts: ['example.gov.cn'] })).toBe('e-licence');
  });

  it('a USCC with a wrong check character is rejected', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
  });
});
