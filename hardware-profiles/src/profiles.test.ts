import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { covers, figurePaths } from './figures.ts';
import { devicesDir, loadModels, loadTerminal, resolveTerminal, terminalsDir } from './load.ts';
import { DEVICE_CLASSES } from './schema.ts';

const models = loadModels();
const real = [...models.values()].filter((model) => !model.generic);
const terminalFiles = readdirSync(terminalsDir).filter((name) => name.endsWith('.json'));

describe('the shipped device models', () => {
  it('every shipped model validates, with every figure cited', () => {
    expect(() => loadModels()).not.toThrow();
  });

  it('every model file sits in a class folder, and its id equals its file name', () => {
    const found: string[] = [];
    for (const folder of readdirSync(devicesDir)) {
      expect(DEVICE_CLASSES).toContain(folder);
      for (const name of readdirSync(join(devicesDir, folder))) {
        const raw = JSON.parse(readFileSync(join(devicesDir, folder, name), 'utf8'));
        expect(`${folder}/${raw.id}.json`).toBe(`${folder}/${name}`);
        expect(raw.class).toBe(folder);
        found.push(basename(name, '.json'));
      }
    }
    expect(found.sort()).toEqual([...models.keys()].sort());
  });

  it('the three generic models of the contract always exist', () => {
    expect(models.get('generic-ga467')).toMatchObject({ class: 'id-reader', generic: true, idReader: { protocol: 'ga467' } });
    expect(models.get('generic-escpos-80')).toMatchObject({ class: 'printer', generic: true, printer: { commandSet: 'escpos', paperWidthMm: 80 } });
    expect(models.get('generic-serial-scanner')).toMatchObject({ class: 'scanner', generic: true });
  });

  it('generic-ga467 talks 115200 8N1 by default and also 9600', () => {
    const serial = models.get('generic-ga467')!.interfaces.find((item) => item.type === 'serial');
    expect(serial).toMatchObject({ defaultBaudRate: 115200, framing: { dataBits: 8, parity: 'none', stopBits: 1 } });
    expect(serial?.type === 'serial' && serial.baudRates).toContain(9600);
  });

  it('generic-serial-scanner is a line-mode scanner on a USB COM port', () => {
    expect(models.get('generic-serial-scanner')!.interfaces.map((item) => item.type)).toContain('usb-cdc');
  });

  it('at least four real ID-card readers are described, all speaking the GA 467 SAM protocol', () => {
    const readers = real.filter((model) => model.class === 'id-reader');
    expect(readers.length).toBeGreaterThanOrEqual(4);
    for (const reader of readers) expect(reader.class === 'id-reader' && reader.idReader.protocol).toBe('ga467');
  });

  it('at least four real barcode/QR scanners are described', () => {
    expect(real.filter((model) => model.class === 'scanner').length).toBeGreaterThanOrEqual(4);
  });

  it('every figure of a real model is covered by a source that names a public document by URL', () => {
    for (const model of real) {
      const public_ = model.sources.filter((source) => source.url !== undefined);
      for (const path of figurePaths(model)) {
        const backed = public_.some((source) => source.covers.some((cover) => covers(cover, path)));
        expect(backed, `${model.id}: ${path}`).toBe(true);
      }
    }
  });

  it('at least four real receipt printers are described, all taking ESC/POS', () => {
    const printers = real.filter((model) => model.class === 'printer');
    expect(printers.length).toBeGreaterThanOrEqual(4);
    for (const printer of printers) expect(printer.class === 'printer' && printer.printer.commandSet).toBe('escpos');
  });

  it('a generic 58 mm ESC/POS printer exists beside the 80 mm one', () => {
    expect(models.get('generic-escpos-58')).toMatchObject({ class: 'printer', generic: true, printer: { commandSet: 'escpos', paperWidthMm: 58 } });
  });

  it("each window peripheral class has a generic model on the project's RS-485 protocol with addresses 1–247", () => {
    for (const [id, section] of [
      ['generic-rs485-window-led', 'led'],
      ['generic-rs485-caller-keypad', 'keypad'],
      ['generic-rs485-evaluator', 'evaluator'],
    ] as const) {
      const model = models.get(id) as Record<string, unknown> | undefined;
      expect(model?.[section], id).toMatchObject({ protocol: 'hall-window-bus', addressRange: { min: 1, max: 247 } });
    }
  });

  it('the generic evaluator offers five levels and asks a reason for bad ones', () => {
    expect(models.get('generic-rs485-evaluator')).toMatchObject({ evaluator: { levels: 5, reasons: true } });
  });

  it('every real model states at least one interface type and one class figure', () => {
    for (const model of real) {
      const figures = figurePaths(model);
      expect(
        figures.some((path) => /^interfaces\[\d+\]\.type$/.test(path)),
        model.id,
      ).toBe(true);
      expect(
        figures.some((path) => !path.startsWith('interfaces')),
        model.id,
      ).toBe(true);
    }
  });
});

describe('the shipped terminal set-ups', () => {
  it('the ticket kiosk, filing machine, counter terminal and simulated demo all exist', () => {
    expect(terminalFiles.sort()).toEqual(['counter-terminal.json', 'demo-simulated.json', 'filing-machine.json', 'ticket-kiosk.json']);
  });

  for (const file of terminalFiles) {
    it(`${file} names only existing models, each over a transport the model supports`, () => {
      const terminal = resolveTerminal(join(terminalsDir, file), models);
      expect(Object.keys(terminal.devices).length).toBeGreaterThan(0);
      for (const device of Object.values(terminal.devices)) expect(models.get(device.model.id)).toBe(device.model);
    });
  }

  it('the ticket kiosk has an ID reader, an 80 mm printer and a scanner', () => {
    const kiosk = resolveTerminal(join(terminalsDir, 'ticket-kiosk.json'), models);
    expect(kiosk.role).toBe('ticket');
    expect(kiosk.devices.idReader!.model.class).toBe('id-reader');
    expect(kiosk.devices.printer!.model).toMatchObject({ class: 'printer', printer: { paperWidthMm: 80 } });
    expect(kiosk.devices.scanner!.model.class).toBe('scanner');
  });

  it('the filing machine adds its document camera as a device the browser opens', () => {
    const filing = loadTerminal(join(terminalsDir, 'filing-machine.json'));
    expect(filing.role).toBe('filing');
    expect(Object.keys(filing.devices).sort()).toEqual(['idReader', 'printer', 'scanner']);
    expect(filing.browserDevices?.documentCamera?.kind).toBe('videoinput');
  });

  it('the counter terminal has an ID reader, a scanner, and an LED strip, keypad and evaluator at their own addresses on one RS-485 line', () => {
    const counter = resolveTerminal(join(terminalsDir, 'counter-terminal.json'), models);
    expect(counter.role).toBe('counter');
    expect(Object.keys(counter.devices).sort()).toEqual(['evaluator', 'idReader', 'keypad', 'led', 'scanner']);
    const window = [counter.devices.led!, counter.devices.keypad!, counter.devices.evaluator!];
    expect(window.map((device) => device.model.class)).toEqual(['led', 'keypad', 'evaluator']);
    expect(new Set(window.map((device) => device.transport.type === 'serial' && device.transport.path))).toEqual(new Set(['/dev/ttyUSB1']));
    expect(new Set(window.map((device) => device.address)).size).toBe(3);
    for (const device of window) {
      const serial = device.model.interfaces.find((item) => item.type === 'serial');
      expect(serial?.type === 'serial' && serial.bus, device.name).toBe('rs485');
    }
  });

  it('the filing machine prints on a USB printer-class device node', () => {
    const filing = resolveTerminal(join(terminalsDir, 'filing-machine.json'), models);
    expect(filing.devices.printer!.transport).toEqual({ type: 'usb-printer', path: '/dev/usb/lp0' });
    expect(filing.devices.printer!.model.class).toBe('printer');
  });

  it('the simulated demo has a printer, an LED strip, a keypad and an evaluator beside the reader and scanner', () => {
    const demo = loadTerminal(join(terminalsDir, 'demo-simulated.json'));
    expect(Object.keys(demo.devices).sort()).toEqual(['evaluator', 'idReader', 'keypad', 'led', 'printer', 'scanner']);
  });

  it('the simulated demo uses only generic models, each on a pty under var/demo/dev/', () => {
    const demo = resolveTerminal(join(terminalsDir, 'demo-simulated.json'), models);
    for (const device of Object.values(demo.devices)) {
      expect(device.model.generic).toBe(true);
      expect(device.transport).toMatchObject({ type: 'serial', path: `var/demo/dev/${device.name.toLowerCase()}` });
    }
  });

  it('the real set-ups use absolute Linux device paths', () => {
    for (const file of terminalFiles.filter((name) => name !== 'demo-simulated.json')) {
      for (const binding of Object.values(loadTerminal(join(terminalsDir, file)).devices)) {
        if (binding.transport.type === 'serial' || binding.transport.type === 'usb-printer') expect(binding.transport.path).toMatch(/^\/dev\//);
      }
    }
  });
});
