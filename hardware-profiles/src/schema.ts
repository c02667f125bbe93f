/**
 * The shape of a device model (`devices/<class>/<model-id>.json`) and of a
 * terminal set-up (`terminals/*.json`).
 *
 * These zod schemas are the single definition: the JSON Schema files in
 * `schema/` are generated from them (`npm run schema -w @hall/hardware-profiles`).
 * Checks that JSON Schema cannot express (an id equal to its file name, every
 * figure cited, a model that exists, a transport the model supports) live in
 * `load.ts`.
 */
import { z } from 'zod';

export const DEVICE_CLASSES = ['id-reader', 'scanner', 'printer', 'led', 'keypad', 'evaluator'] as const;
export const DeviceClass = z.enum(DEVICE_CLASSES).meta({ id: 'DeviceClass' });
export type DeviceClass = z.infer<typeof DeviceClass>;

/** Lower-case words joined by hyphens, such as `newland-fm420`. */
export const ModelId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by hyphens, such as "newland-fm420"')
  .meta({ id: 'ModelId', description: 'Lower-case words joined by hyphens; equal to the file name.' });

/** A USB vendor or product id: four hex digits as written by `lsusb` ("1eab"), or the number itself. */
export const UsbId = z
  .union([z.string().regex(/^[0-9A-Fa-f]{4}$/, 'must be four hex digits, such as "1eab"'), z.number().int().min(0).max(0xffff)])
  .meta({ id: 'UsbId', description: 'Four hex digits as lsusb prints them ("1eab"), or the number.' });
export type UsbId = z.infer<typeof UsbId>;

const Note = z.string().min(1).meta({ id: 'Note', description: 'A remark for people; not a figure.' });
const Text = z.string().min(1).meta({ id: 'Text' });

export const SerialFraming = z
  .strictObject({
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
    parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
    stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
  })
  .meta({ id: 'SerialFraming' });
export type SerialFraming = z.infer<typeof SerialFraming>;

const BaudRate = z.number().int().positive().meta({ id: 'BaudRate' });

/** RS-232 or TTL UART. Leave out what no public document states. */
export const SerialInterface = z
  .strictObject({
    type: z.literal('serial'),
    baudRates: z.array(BaudRate).min(1).optional(),
    defaultBaudRate: BaudRate.optional(),
    framing: SerialFraming.optional(),
    /** The electrical line: `rs485` is a shared multi-drop bus, where each device answers to its own address. */
    bus: z.enum(['rs232', 'rs485', 'ttl']).optional(),
    note: Note.optional(),
  })
  .check((ctx) => {
    const { baudRates, defaultBaudRate } = ctx.value;
    if (baudRates && defaultBaudRate !== undefined && !baudRates.includes(defaultBaudRate)) {
      ctx.issues.push({
        code: 'custom',
        input: defaultBaudRate,
        path: ['defaultBaudRate'],
        message: `${defaultBaudRate} is not one of baudRates (${baudRates.join(', ')})`,
      });
    }
  })
  .meta({ id: 'SerialInterface', description: 'RS-232 or TTL UART.' });

/**
 * A USB interface: the vendor and product ids where a document states them,
 * then the kind's own fields (`extra`), then a note.
 */
function usbInterface<const T extends string, const E extends z.ZodRawShape>(type: T, meta: { id: string; description: string }, extra: E) {
  return z.strictObject({ type: z.literal(type), vendorId: UsbId.optional(), productId: UsbId.optional(), ...extra, note: Note.optional() }).meta(meta);
}

/** A USB HID device. `usage` says what its reports carry, when a document says so. */
export const UsbHidInterface = usbInterface(
  'usb-hid',
  { id: 'UsbHidInterface', description: 'A USB HID device; usage says what its reports carry.' },
  { usage: z.enum(['hid-pos', 'keyboard']).optional() },
);

/** USB COM-port emulation: the host sees a serial port (`/dev/ttyACM*` on Linux). */
export const UsbCdcInterface = usbInterface('usb-cdc', { id: 'UsbCdcInterface', description: 'USB COM-port emulation: the host sees a serial port.' }, {});

/** A USB device whose class no public document states. No transport can reach it yet. */
export const UsbInterface = usbInterface('usb', { id: 'UsbInterface', description: 'A USB device whose class no public document states.' }, {});

/** USB printer class (07): the host sees a printer device, `/dev/usb/lp*` on Linux. */
export const UsbPrinterInterface = usbInterface(
  'usb-printer',
  { id: 'UsbPrinterInterface', description: 'USB printer class: the host sees /dev/usb/lp* on Linux.' },
  {},
);

export const TcpInterface = z
  .strictObject({
    type: z.literal('tcp'),
    port: z.number().int().min(1).max(65535).optional(),
    note: Note.optional(),
  })
  .meta({ id: 'TcpInterface' });

export const DeviceInterface = z
  .discriminatedUnion('type', [SerialInterface, UsbHidInterface, UsbCdcInterface, UsbInterface, UsbPrinterInterface, TcpInterface])
  .meta({ id: 'DeviceInterface' });
export type DeviceInterface = z.infer<typeof DeviceInterface>;
export type InterfaceType = DeviceInterface['type'];

/** Where a model's figures came from. `covers` lists field paths such as `interfaces[0].vendorId`. */
export const Source = z
  .strictObject({
    title: z.string().min(1),
    url: z.url().optional(),
    publisher: z.string().min(1).optional(),
    note: Note.optional(),
    covers: z
      .array(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*$/, 'must be a field path such as "interfaces[0].vendorId"'),
      )
      .min(1),
  })
  .meta({ id: 'Source', description: 'Where figures came from; covers lists the field paths it backs.' });
export type Source = z.infer<typeof Source>;

/** The card types of the contract's `cardType`. */
export const CardType = z.enum(['resident', 'foreign', 'foreign2023', 'hmt']).meta({ id: 'CardType' });
export type CardType = z.infer<typeof CardType>;

export const IdReaderFigures = z
  .strictObject({
    protocol: z.literal('ga467'),
    cardTypes: z.array(CardType).min(1).optional(),
    /** Time to read text and photo of one card, as the vendor states it. */
    readTimeMs: z.number().positive().optional(),
    /** The shortest find-card polling interval the vendor allows. */
    minPollIntervalMs: z.number().int().positive().optional(),
  })
  .meta({ id: 'IdReaderFigures' });

export const ScannerMode = z.enum(['hid-pos', 'keyboard-wedge', 'usb-cdc', 'rs232']);
export type ScannerMode = z.infer<typeof ScannerMode>;

export const ScannerFigures = z
  .strictObject({
    modes: z.array(ScannerMode).min(1).optional(),
    symbologies: z.array(z.string().min(1)).min(1).optional(),
    /** The suffix the scanner sends after each code by default, as JSON escapes ("\r\n"). */
    defaultTerminator: z.string().optional(),
    encodings: z
      .array(z.enum(['utf-8', 'gb18030', 'gbk', 'windows-1252']))
      .min(1)
      .optional(),
    /** Keyboard-wedge timing: a scan is at least `minLength` keys, each under `maxInterKeyMs` apart. */
    wedge: z
      .strictObject({
        minLength: z.number().int().positive(),
        maxInterKeyMs: z.number().positive(),
      })
      .optional(),
    /** Layout of a HID POS input report, byte offsets from the report id. */
    hidPos: z
      .strictObject({
        inputReportId: z.number().int().min(0).max(255),
        maxDataPerReport: z.number().int().positive(),
        symbologyIdByte: z.number().int().min(0).optional(),
      })
      .optional(),
  })
  .meta({ id: 'ScannerFigures' });

/** The two roll widths of receipt and ticket printers. */
export const PaperWidthMm = z.literal([58, 80]).meta({ id: 'PaperWidthMm', description: 'A roll width: 58 or 80 mm.' });
export type PaperWidthMm = z.infer<typeof PaperWidthMm>;

/** What one paper width gives: the printable width and the characters per line of fonts A and B. */
export const PrintArea = z
  .strictObject({
    paperWidthMm: PaperWidthMm,
    printWidthMm: z.number().positive().optional(),
    dotsPerLine: z.number().int().positive().optional(),
    charsPerLine: z
      .strictObject({
        fontA: z.number().int().positive().optional(),
        fontB: z.number().int().positive().optional(),
      })
      .optional(),
  })
  .meta({ id: 'PrintArea' });

export const PrinterFigures = z
  .strictObject({
    commandSet: z.literal('escpos'),
    /** The roll the model takes as delivered; `printAreas` lists every width it can take. */
    paperWidthMm: PaperWidthMm.optional(),
    printAreas: z.array(PrintArea).min(1).optional(),
    resolutionDpi: z.number().positive().optional(),
    /** Chinese character sets in the printer's own fonts (FS & Chinese mode). */
    chineseEncodings: z
      .array(z.enum(['gb18030', 'gbk', 'gb2312', 'big5']))
      .min(1)
      .optional(),
    /** QR codes with the standard `GS ( k` function. */
    qrCode: z.boolean().optional(),
    /** The autocutter: `partial` leaves one point uncut; `full-and-partial` does either on command. */
    cutter: z.enum(['none', 'partial', 'full', 'full-and-partial']).optional(),
    /** `dleEot`: real-time status with DLE EOT n; `asb`: automatic status back enabled with GS a. */
    status: z
      .strictObject({
        dleEot: z.boolean().optional(),
        asb: z.boolean().optional(),
      })
      .optional(),
    paperNearEndSensor: z.boolean().optional(),
  })
  .check((ctx) => {
    const { paperWidthMm, printAreas } = ctx.value;
    if (paperWidthMm !== undefined && printAreas && !printAreas.some((area) => area.paperWidthMm === paperWidthMm)) {
      ctx.issues.push({
        code: 'custom',
        input: paperWidthMm,
        path: ['paperWidthMm'],
        message: `${paperWidthMm} mm has no entry in printAreas (${printAreas.map((area) => area.paperWidthMm).join(', ')} mm)`,
      });
    }
  })
  .meta({ id: 'PrinterFigures' });

/** A family of wire protocols, named for the driver's encoder: `hall-window-bus` is this project's own (docs/drivers.md). */
export const ProtocolFamily = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, such as "hall-window-bus"')
  .meta({ id: 'ProtocolFamily' });

/** The addresses a device can be set to on a shared bus, both ends included. */
export const AddressRange = z
  .strictObject({
    min: z.number().int().min(0).max(255),
    max: z.number().int().min(0).max(255),
  })
  .check((ctx) => {
    if (ctx.value.min > ctx.value.max) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['max'], message: `${ctx.value.max} is below min (${ctx.value.min})` });
    }
  })
  .meta({ id: 'AddressRange' });

/** What a device can show: characters (a Chinese character counts as one), seven-segment digits, or a dot matrix. */
export const Display = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('characters'),
      characters: z.number().int().positive().optional(),
      lines: z.number().int().positive().optional(),
      /** A dot-matrix LCD rather than a segment display. */
      lcd: z.boolean().optional(),
    }),
    z.strictObject({ kind: z.literal('digits'), digits: z.number().int().positive().optional() }),
    z.strictObject({
      kind: z.literal('matrix'),
      widthDots: z.number().int().positive().optional(),
      heightDots: z.number().int().positive().optional(),
    }),
  ])
  .meta({ id: 'Display' });

export const LedColour = z.enum(['red', 'green', 'yellow', 'amber', 'blue', 'white']).meta({ id: 'LedColour' });

/** LED window strip (窗口屏). The bus (RS-485 or RS-232) is the serial interface's `bus`. */
export const LedFigures = z
  .strictObject({
    protocol: ProtocolFamily.optional(),
    display: Display.optional(),
    colours: z.array(LedColour).min(1).optional(),
    addressRange: AddressRange.optional(),
  })
  .meta({ id: 'LedFigures' });

/** The keys of a caller keypad (呼叫器), in the hall's words. */
export const KeypadKey = z.enum(['call-next', 'recall', 'no-show', 'pause', 'finish', 'transfer']).meta({ id: 'KeypadKey' });

export const KeypadFigures = z
  .strictObject({
    protocol: ProtocolFamily.optional(),
    /** `count`: physical keys; `functions`: the hall functions among them. */
    keys: z
      .strictObject({
        count: z.number().int().positive().optional(),
        functions: z.array(KeypadKey).min(1).optional(),
      })
      .optional(),
    display: Display.optional(),
    addressRange: AddressRange.optional(),
  })
  .meta({ id: 'KeypadFigures' });

/** Evaluator (评价器): the citizen rates the service at the window. */
export const EvaluatorFigures = z
  .strictObject({
    protocol: ProtocolFamily.optional(),
    /** Rating levels offered, such as 5 (非常满意 … 非常不满意). */
    levels: z.number().int().min(2).max(10).optional(),
    /** True when it can also ask the reason for a bad level. */
    reasons: z.boolean().optional(),
    display: Display.optional(),
    addressRange: AddressRange.optional(),
  })
  .meta({ id: 'EvaluatorFigures' });

const modelBase = {
  id: ModelId,
  vendor: Text,
  model: Text,
  /** True for the models that stand for any device following a standard. */
  generic: z.boolean().optional(),
  note: Note.optional(),
  interfaces: z.array(DeviceInterface).min(1).meta({ id: 'Interfaces' }),
  sources: z.array(Source).min(1).meta({ id: 'Sources' }),
};

export const DeviceModel = z
  .discriminatedUnion('class', [
    z.strictObject({ ...modelBase, class: z.literal('id-reader'), idReader: IdReaderFigures }),
    z.strictObject({ ...modelBase, class: z.literal('scanner'), scanner: ScannerFigures }),
    z.strictObject({ ...modelBase, class: z.literal('printer'), printer: PrinterFigures }),
    z.strictObject({ ...modelBase, class: z.literal('led'), led: LedFigures }),
    z.strictObject({ ...modelBase, class: z.literal('keypad'), keypad: KeypadFigures }),
    z.strictObject({ ...modelBase, class: z.literal('evaluator'), evaluator: EvaluatorFigures }),
  ])
  .meta({
    title: 'Device model',
    description: 'One hardware model: hardware-profiles/devices/<class>/<model-id>.json',
  });
export type DeviceModel = z.infer<typeof DeviceModel>;

export const SerialTransport = z
  .strictObject({
    type: z.literal('serial'),
    /** A device path; a relative path is taken from the working directory of the agent. */
    path: z.string().min(1),
    baudRate: BaudRate,
  })
  .meta({ id: 'SerialTransport' });
export const HidTransport = z
  .strictObject({
    type: z.literal('hid'),
    vendorId: UsbId,
    productId: UsbId,
  })
  .meta({ id: 'HidTransport' });
export const TcpTransport = z
  .strictObject({
    type: z.literal('tcp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
  })
  .meta({ id: 'TcpTransport' });
/** A USB printer-class device node such as `/dev/usb/lp0`: bytes are written to it and status read back. */
export const UsbPrinterTransport = z
  .strictObject({
    type: z.literal('usb-printer'),
    path: z.string().min(1),
  })
  .meta({ id: 'UsbPrinterTransport' });
export const Transport = z.discriminatedUnion('type', [SerialTransport, HidTransport, TcpTransport, UsbPrinterTransport]).meta({ id: 'Transport' });
export type Transport = z.infer<typeof Transport>;

export const DeviceBinding = z
  .strictObject({
    model: ModelId,
    transport: Transport,
    /** The device's address on a shared RS-485 bus (Modbus-style range 1–247). */
    address: z.number().int().min(1).max(247).optional(),
    note: Note.optional(),
  })
  .meta({ id: 'DeviceBinding' });
export type DeviceBinding = z.infer<typeof DeviceBinding>;

/** A device the renderer opens itself through the browser (getUserMedia), not through the agent. */
export const BrowserDevice = z
  .strictObject({
    kind: z.enum(['videoinput', 'audioinput']),
    /** Part of the MediaDeviceInfo label to pick, when several are attached. */
    label: z.string().min(1).optional(),
    note: Note.optional(),
  })
  .meta({ id: 'BrowserDevice' });

export const TerminalRole = z.enum(['ticket', 'filing', 'counter', 'wall', 'window']).meta({ id: 'TerminalRole' });
export type TerminalRole = z.infer<typeof TerminalRole>;

const DeviceName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase name such as "idReader"')
  .meta({ id: 'DeviceName' });

export const DisplaySettings = z
  .strictObject({
    locale: z.enum(['zh-CN', 'zh-TW', 'en']).optional(),
    orientation: z.enum(['landscape', 'portrait']).optional(),
    /** Full screen with no browser chrome. */
    kiosk: z.boolean().optional(),
    /** Back to the start screen after this many seconds without a touch. */
    idleResetSeconds: z.number().int().positive().optional(),
    /** Counter terminals: the visitor-facing window screen on a second display (双屏). */
    windowScreen: z
      .strictObject({
        /** Electron's display id; absent, the first display that is not the primary one. */
        displayId: z.number().int().optional(),
        windowNo: z.number().int().min(1).max(999),
      })
      .optional(),
  })
  .meta({ id: 'DisplaySettings' });

export const TerminalSetup = z
  .strictObject({
    name: z.string().min(1).optional(),
    role: TerminalRole,
    devices: z.record(DeviceName, DeviceBinding),
    browserDevices: z.record(DeviceName, BrowserDevice).optional(),
    display: DisplaySettings.optional(),
  })
  .meta({
    title: 'Terminal set-up',
    description: "A terminal's devices, each a model id and a transport: hardware-profiles/terminals/*.json",
  });
export type TerminalSetup = z.infer<typeof TerminalSetup>;
