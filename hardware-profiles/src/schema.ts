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
export const UsbId = z.union([
  z.string().regex(/^[0-9A-Fa-f]{4}$/, 'must be four hex digits, such as "1eab"'),
  z.number().int().min(0).max(0xffff),
]).meta({ id: 'UsbId', description: 'Four hex digits as lsusb prints them ("1eab"), or the number.' });
export type UsbId = z.infer<typeof UsbId>;

const Note = z.string().min(1).meta({ id: 'Note', description: 'A remark for people; not a figure.' });
const Text = z.string().min(1).meta({ id: 'Text' });

export const SerialFraming = z.strictObject({
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
}).meta({ id: 'SerialFraming' });
export type SerialFraming = z.infer<typeof SerialFraming>;

const BaudRate = z.number().int().positive().meta({ id: 'BaudRate' });

/** RS-232 or TTL UART. Leave out what no public document states. */
export const SerialInterface = z
  .strictObject({
    type: z.literal('serial'),
    baudRates: z.array(BaudRate).min(1).optional(),
    defaultBaudRate: BaudRate.optional(),
    framing: SerialFraming.optional(),
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

/** A USB HID device. `usage` says what its reports carry, when a document says so. */
export const UsbHidInterface = z.strictObject({
  type: z.literal('usb-hid'),
  vendorId: UsbId.optional(),
  productId: UsbId.optional(),
  usage: z.enum(['hid-pos', 'keyboard']).optional(),
  note: Note.optional(),
}).meta({ id: 'UsbHidInterface', description: 'A USB HID device; usage says what its reports carry.' });

/** USB COM-port emulation: the host sees a serial port (`/dev/ttyACM*` on Linux). */
export const UsbCdcInterface = z.strictObject({
  type: z.literal('usb-cdc'),
  vendorId: UsbId.optional(),
  productId: UsbId.optional(),
  note: Note.optional(),
}).meta({ id: 'UsbCdcInterface', description: 'USB COM-port emulation: the host sees a serial port.' });

/** A USB device whose class no public document states. No transport can reach it yet. */
export const UsbInterface = z.strictObject({
  type: z.literal('usb'),
  vendorId: UsbId.optional(),
  productId: UsbId.optional(),
  note: Note.optional(),
}).meta({ id: 'UsbInterface', description: 'A USB device whose class no public document states.' });

export const TcpInterface = z.strictObject({
  type: z.literal('tcp'),
  port: z.number().int().min(1).max(65535).optional(),
  note: Note.optional(),
}).meta({ id: 'TcpInterface' });

export const DeviceInterface = z.discriminatedUnion('type', [
  SerialInterface,
  UsbHidInterface,
  UsbCdcInterface,
  UsbInterface,
  TcpInterface,
]).meta({ id: 'DeviceInterface' });
export type DeviceInterface = z.infer<typeof DeviceInterface>;
export type InterfaceType = DeviceInterface['type'];

/** Where a model's figures came from. `covers` lists field paths such as `interfaces[0].vendorId`. */
export const Source = z.strictObject({
  title: z.string().min(1),
  url: z.url().optional(),
  publisher: z.string().min(1).optional(),
  note: Note.optional(),
  covers: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*$/, 'must be a field path such as "interfaces[0].vendorId"'))
    .min(1),
}).meta({ id: 'Source', description: 'Where figures came from; covers lists the field paths it backs.' });
export type Source = z.infer<typeof Source>;

/** The card types of the contract's `cardType`. */
export const CardType = z.enum(['resident', 'foreign', 'foreign2023', 'hmt']).meta({ id: 'CardType' });
export type CardType = z.infer<typeof CardType>;

export const IdReaderFigures = z.strictObject({
  protocol: z.literal('ga467'),
  cardTypes: z.array(CardType).min(1).optional(),
  /** Time to read text and photo of one card, as the vendor states it. */
  readTimeMs: z.number().positive().optional(),
  /** The shortest find-card polling interval the vendor allows. */
  minPollIntervalMs: z.number().int().positive().optional(),
}).meta({ id: 'IdReaderFigures' });

export const ScannerMode = z.enum(['hid-pos', 'keyboard-wedge', 'usb-cdc', 'rs232']);
export type ScannerMode = z.infer<typeof ScannerMode>;

export const ScannerFigures = z.strictObject({
  modes: z.array(ScannerMode).min(1).optional(),
  symbologies: z.array(z.string().min(1)).min(1).optional(),
  /** The suffix the scanner sends after each code by default, as JSON escapes ("\r\n"). */
  defaultTerminator: z.string().optional(),
  encodings: z.array(z.enum(['utf-8', 'gb18030', 'gbk', 'windows-1252'])).min(1).optional(),
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
}).meta({ id: 'ScannerFigures' });

export const PrinterFigures = z.strictObject({
  commandSet: z.literal('escpos'),
  paperWidthMm: z.number().positive(),
  /** `dle-eot`: real-time status with DLE EOT n. */
  statusCommand: z.literal('dle-eot').optional(),
}).meta({ id: 'PrinterFigures' });

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
    // LED walls, keypads and evaluators get their figures in a later issue.
    z.strictObject({ ...modelBase, class: z.literal('led') }),
    z.strictObject({ ...modelBase, class: z.literal('keypad') }),
    z.strictObject({ ...modelBase, class: z.literal('evaluator') }),
  ])
  .meta({
    title: 'Device model',
    description: 'One hardware model: hardware-profiles/devices/<class>/<model-id>.json',
  });
export type DeviceModel = z.infer<typeof DeviceModel>;

export const SerialTransport = z.strictObject({
  type: z.literal('serial'),
  /** A device path; a relative path is taken from the working directory of the agent. */
  path: z.string().min(1),
  baudRate: BaudRate,
}).meta({ id: 'SerialTransport' });
export const HidTransport = z.strictObject({
  type: z.literal('hid'),
  vendorId: UsbId,
  productId: UsbId,
}).meta({ id: 'HidTransport' });
export const TcpTransport = z.strictObject({
  type: z.literal('tcp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
}).meta({ id: 'TcpTransport' });
export const Transport = z.discriminatedUnion('type', [SerialTransport, HidTransport, TcpTransport]).meta({ id: 'Transport' });
export type Transport = z.infer<typeof Transport>;

export const DeviceBinding = z.strictObject({
  model: ModelId,
  transport: Transport,
  note: Note.optional(),
}).meta({ id: 'DeviceBinding' });
export type DeviceBinding = z.infer<typeof DeviceBinding>;

/** A device the renderer opens itself through the browser (getUserMedia), not through the agent. */
export const BrowserDevice = z.strictObject({
  kind: z.enum(['videoinput', 'audioinput']),
  /** Part of the MediaDeviceInfo label to pick, when several are attached. */
  label: z.string().min(1).optional(),
  note: Note.optional(),
}).meta({ id: 'BrowserDevice' });

export const TerminalRole = z.enum(['ticket', 'filing', 'counter', 'wall', 'window']).meta({ id: 'TerminalRole' });
export type TerminalRole = z.infer<typeof TerminalRole>;

const DeviceName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase name such as "idReader"')
  .meta({ id: 'DeviceName' });

export const DisplaySettings = z.strictObject({
  locale: z.enum(['zh-CN', 'zh-TW', 'en']).optional(),
  orientation: z.enum(['landscape', 'portrait']).optional(),
  /** Full screen with no browser chrome. */
  kiosk: z.boolean().optional(),
  /** Back to the start screen after this many seconds without a touch. */
  idleResetSeconds: z.number().int().positive().optional(),
}).meta({ id: 'DisplaySettings' });

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
