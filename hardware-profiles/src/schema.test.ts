import { describe, expect, it } from 'vitest';
import { figurePaths } from './figures.ts';
import { terminalProblems } from './load.ts';
import { problemsFromIssues } from './problems.ts';
import { DeviceModel, TerminalSetup } from './schema.ts';

/** The problem lines zod's issues give for `input` parsed as a device model. */
function modelLines(input: unknown): string[] {
  const result = DeviceModel.safeParse(input);
  if (result.success) return [];
  return problemsFromIssues('m.json', input, result.error.issues).map((problem) => `${problem.path}: ${problem.message}`);
}

const printer = (figures: Record<string, unknown>) => ({
  id: 'test-printer',
  class: 'printer',
  vendor: 'Test',
  model: 'P1',
  interfaces: [{ type: 'serial' }],
  printer: { commandSet: 'escpos', ...figures },
  sources: [{ title: 'Sheet', covers: ['interfaces', 'printer'] }],
});

const peripheral = (cls: 'led' | 'keypad' | 'evaluator', figures: Record<string, unknown>) => ({
  id: `test-${cls}`,
  class: cls,
  vendor: 'Test',
  model: 'W1',
  interfaces: [{ type: 'serial', bus: 'rs485' }],
  [cls]: figures,
  sources: [{ title: 'Sheet', covers: ['interfaces', cls] }],
});

describe('printer figures', () => {
  it('a printer with every figure filled in validates', () => {
    expect(
      modelLines(
        printer({
          paperWidthMm: 80,
          printAreas: [
            { paperWidthMm: 80, printWidthMm: 72, dotsPerLine: 576, charsPerLine: { fontA: 48, fontB: 64 } },
            { paperWidthMm: 58, printWidthMm: 48, dotsPerLine: 384 },
          ],
          resolutionDpi: 203,
          chineseEncodings: ['gb18030', 'big5'],
          qrCode: true,
          cutter: 'full-and-partial',
          status: { dleEot: true, asb: false },
          paperNearEndSensor: true,
        }),
      ),
    ).toEqual([]);
  });

  it('a 70 mm paper width is rejected: rolls are 58 or 80 mm', () => {
    expect(modelLines(printer({ paperWidthMm: 70 }))).toEqual(['printer.paperWidthMm: expected one of 58, 80, got the number 70']);
  });

  it('a print area of 70 mm paper is rejected too', () => {
    expect(modelLines(printer({ printAreas: [{ paperWidthMm: 70 }] }))).toEqual([
      'printer.printAreas[0].paperWidthMm: expected one of 58, 80, got the number 70',
    ]);
  });

  it('the delivered paper width must be one of the print areas listed', () => {
    expect(modelLines(printer({ paperWidthMm: 80, printAreas: [{ paperWidthMm: 58 }] }))).toEqual([
      'printer.paperWidthMm: 80 mm has no entry in printAreas (58 mm)',
    ]);
  });

  it('a cutter must be none, partial, full or full-and-partial', () => {
    expect(modelLines(printer({ cutter: 'guillotine' }))).toEqual([
      'printer.cutter: expected one of "none", "partial", "full", "full-and-partial", got the string "guillotine"',
    ]);
  });

  it('status support is true or false per mechanism, and a typo is named', () => {
    expect(modelLines(printer({ status: { dleEot: 'yes', gsA: true } }))).toEqual([
      'printer.status.dleEot: expected true or false, got the string "yes"',
      'printer.status.gsA: unknown field',
    ]);
  });

  it('an unknown Chinese encoding is rejected', () => {
    expect(modelLines(printer({ chineseEncodings: ['utf-8'] }))).toEqual([
      'printer.chineseEncodings[0]: expected one of "gb18030", "gbk", "gb2312", "big5", got the string "utf-8"',
    ]);
  });

  it('every printer figure is a figure that a source must cover', () => {
    const model = DeviceModel.parse(printer({ status: { dleEot: true, asb: true }, printAreas: [{ paperWidthMm: 58, charsPerLine: { fontA: 32 } }] }));
    expect(figurePaths(model)).toEqual([
      'interfaces[0].type',
      'printer.commandSet',
      'printer.printAreas[0].paperWidthMm',
      'printer.printAreas[0].charsPerLine.fontA',
      'printer.status.dleEot',
      'printer.status.asb',
    ]);
  });
});

describe('LED strip, keypad and evaluator figures', () => {
  it('each window peripheral validates with its own figure section', () => {
    expect(
      modelLines(
        peripheral('led', {
          protocol: 'hall-window-bus',
          display: { kind: 'characters', characters: 8, lines: 1 },
          colours: ['red', 'green'],
          addressRange: { min: 1, max: 32 },
        }),
      ),
    ).toEqual([]);
    expect(modelLines(peripheral('keypad', { keys: { count: 21, functions: ['call-next', 'recall'] }, display: { kind: 'digits', digits: 4 } }))).toEqual([]);
    expect(modelLines(peripheral('evaluator', { levels: 5, reasons: true, display: { kind: 'matrix', widthDots: 128, heightDots: 64 } }))).toEqual([]);
  });

  it('a window peripheral without its figure section is rejected', () => {
    expect(modelLines({ ...peripheral('led', {}), led: undefined })).toEqual(['led: missing: expected an object']);
  });

  it('an address range runs within 0–255 and from min up to max', () => {
    expect(modelLines(peripheral('keypad', { addressRange: { min: 1, max: 300 } }))).toEqual(['keypad.addressRange.max: must be at most 255']);
    expect(modelLines(peripheral('keypad', { addressRange: { min: 9, max: 2 } }))).toEqual(['keypad.addressRange.max: 2 is below min (9)']);
  });

  it('an unknown key function, colour or display kind is rejected', () => {
    expect(modelLines(peripheral('keypad', { keys: { functions: ['coffee'] } }))).toEqual([
      'keypad.keys.functions[0]: expected one of "call-next", "recall", "no-show", "pause", "finish", "transfer", got the string "coffee"',
    ]);
    expect(modelLines(peripheral('led', { colours: ['purple'] }))[0]).toMatch(/^led\.colours\[0\]: expected one of "red"/);
    expect(modelLines(peripheral('led', { display: { kind: 'hologram' } }))).toEqual([
      'led.display.kind: expected one of "characters", "digits", "matrix", got the string "hologram"',
    ]);
  });

  it('an evaluator offers at least two levels', () => {
    expect(modelLines(peripheral('evaluator', { levels: 1 }))).toEqual(['evaluator.levels: must be at least 2']);
  });

  it('a serial bus is rs232, rs485 or ttl', () => {
    expect(modelLines({ ...peripheral('led', {}), interfaces: [{ type: 'serial', bus: 'can' }] })).toEqual([
      'interfaces[0].bus: expected one of "rs232", "rs485", "ttl", got the string "can"',
    ]);
  });
});

describe('a binding on a shared bus', () => {
  const setup = (address: unknown) => ({
    role: 'counter',
    devices: { keypad: { model: 'test-keypad', transport: { type: 'serial', path: '/dev/ttyUSB1', baudRate: 9600 }, address } },
  });
  const lines = (input: unknown) => {
    const result = TerminalSetup.safeParse(input);
    return result.success ? [] : problemsFromIssues('t.json', input, result.error.issues).map((problem) => `${problem.path}: ${problem.message}`);
  };

  it('an address is a whole number from 1 to 247', () => {
    expect(lines(setup(1))).toEqual([]);
    expect(lines(setup(247))).toEqual([]);
    expect(lines(setup(0))).toEqual(['devices.keypad.address: must be at least 1']);
    expect(lines(setup(248))).toEqual(['devices.keypad.address: must be at most 247']);
    expect(lines(setup(2.5))).toEqual(['devices.keypad.address: expected a whole number, got the number 2.5']);
  });

  it('an address outside the range the model takes is reported', () => {
    const keypad = DeviceModel.parse(peripheral('keypad', { addressRange: { min: 1, max: 32 } }));
    const models = new Map([[keypad.id, keypad]]);
    expect(terminalProblems(TerminalSetup.parse(setup(33)), models)).toEqual([
      { path: 'devices.keypad.address', message: 'test-keypad takes addresses 1–32, not 33' },
    ]);
    expect(terminalProblems(TerminalSetup.parse(setup(32)), models)).toEqual([]);
  });
});
