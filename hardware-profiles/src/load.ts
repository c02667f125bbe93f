/**
 * Reads device models and terminal set-ups, checks them, and joins a set-up's
 * models in. Every problem found is reported at once, one line each, naming the
 * file, the path inside it and what is wrong.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { danglingCovers, formatPath, uncitedFigures } from './figures.ts';
import { ProfileError, problemsFromIssues } from './problems.ts';
import type { ProfileProblem } from './problems.ts';
import { DEVICE_CLASSES, DeviceModel, TerminalSetup } from './schema.ts';
import type { DeviceInterface, Transport, UsbId } from './schema.ts';

export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const devicesDir = join(packageRoot, 'devices');
export const terminalsDir = join(packageRoot, 'terminals');

/** Device models by id. */
export type ModelCatalog = ReadonlyMap<string, DeviceModel>;

export type ResolvedTransport = Extract<Transport, { type: 'serial' | 'tcp' | 'usb-printer' }> | { type: 'hid'; vendorId: number; productId: number };

export interface ResolvedDevice {
  name: string;
  model: DeviceModel;
  transport: ResolvedTransport;
  /** The device's address on a shared bus, when the set-up gives one. */
  address?: number;
  note?: string;
}

export interface ResolvedTerminal extends Omit<TerminalSetup, 'devices'> {
  /** The set-up's file, as shown in problems. */
  file: string;
  devices: Record<string, ResolvedDevice>;
}

/** A file's name in messages: relative to hardware-profiles/ when it lies inside, else as given. */
export function displayName(file: string): string {
  const absolute = resolve(file);
  const inside = relative(packageRoot, absolute);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside.split(sep).join('/');
  return file;
}

export function usbIdValue(id: UsbId): number {
  return typeof id === 'number' ? id : Number.parseInt(id, 16);
}

function hex(id: number): string {
  return id.toString(16).padStart(4, '0');
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: ProfileProblem };

function readJson(file: string): Parsed {
  const shown = displayName(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`;
    return { ok: false, problem: { file: shown, path: '', message } };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: { file: shown, path: '', message: `not valid JSON: ${(error as Error).message}` } };
  }
}

/** Problems of one model that its schema cannot see. */
export function modelProblems(model: DeviceModel, expected: { id?: string; class?: string } = {}): Array<Omit<ProfileProblem, 'file'>> {
  const problems: Array<Omit<ProfileProblem, 'file'>> = [];
  if (expected.id !== undefined && model.id !== expected.id) {
    problems.push({ path: 'id', message: `must equal the file name "${expected.id}", got "${model.id}"` });
  }
  if (expected.class !== undefined && model.class !== expected.class) {
    problems.push({ path: 'class', message: `is "${model.class}" but the file sits in the "${expected.class}" folder` });
  }
  for (const [s, c, cover] of danglingCovers(model)) {
    problems.push({ path: formatPath(['sources', s, 'covers', c]), message: `"${cover}" names no figure of this model` });
  }
  for (const path of uncitedFigures(model)) {
    problems.push({ path, message: 'no source covers this figure' });
  }
  return problems;
}

/** Reads, checks and returns one model file; `expected` holds what its place in devices/ implies. */
function readModel(file: string, expected: { id?: string; class?: string }, problems: ProfileProblem[]): DeviceModel | undefined {
  const shown = displayName(file);
  const parsed = readJson(file);
  if (!parsed.ok) {
    problems.push(parsed.problem);
    return undefined;
  }
  const result = DeviceModel.safeParse(parsed.value);
  if (!result.success) {
    problems.push(...problemsFromIssues(shown, parsed.value, result.error.issues));
    return undefined;
  }
  const own = modelProblems(result.data, expected).map((problem) => ({ file: shown, ...problem }));
  problems.push(...own);
  return own.length === 0 ? result.data : undefined;
}

/**
 * Reads every model under `dir` (`<dir>/<class>/<model-id>.json`).
 * Throws a ProfileError listing every problem when any file is wrong.
 */
export function loadModels(dir: string = devicesDir): ModelCatalog {
  const problems: ProfileProblem[] = [];
  const models = new Map<string, DeviceModel>();
  const homes = new Map<string, string>();
  if (!existsSync(dir)) throw new ProfileError([{ file: displayName(dir), path: '', message: 'no such folder' }]);

  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const entryPath = join(dir, entry.name);
    if (!entry.isDirectory()) {
      if (entry.name.endsWith('.json')) {
        problems.push({ file: displayName(entryPath), path: '', message: 'a model belongs in its class folder, such as devices/scanner/' });
      }
      continue;
    }
    if (!(DEVICE_CLASSES as readonly string[]).includes(entry.name)) {
      problems.push({
        file: displayName(entryPath),
        path: '',
        message: `"${entry.name}" is not a device class (known: ${DEVICE_CLASSES.join(', ')})`,
      });
      continue;
    }
    const files = readdirSync(entryPath)
      .filter((name) => name.endsWith('.json'))
      .sort();
    for (const name of files) {
      const file = join(entryPath, name);
      const model = readModel(file, { id: basename(name, '.json'), class: entry.name }, problems);
      if (!model) continue;
      const home = homes.get(model.id);
      if (home !== undefined) {
        problems.push({ file: displayName(file), path: 'id', message: `"${model.id}" is already the id of ${home}` });
        continue;
      }
      homes.set(model.id, displayName(file));
      models.set(model.id, model);
    }
  }
  if (problems.length > 0) throw new ProfileError(problems);
  return models;
}

/** Reads and checks the shape of one terminal set-up. Throws a ProfileError when it is wrong. */
export function loadTerminal(path: string): TerminalSetup {
  const parsed = readJson(path);
  if (!parsed.ok) throw new ProfileError([parsed.problem]);
  const result = TerminalSetup.safeParse(parsed.value);
  if (!result.success) throw new ProfileError(problemsFromIssues(displayName(path), parsed.value, result.error.issues));
  return result.data;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function interfaceList(model: DeviceModel): string {
  return [...new Set(model.interfaces.map((item) => item.type))].join(', ');
}

function ofType<T extends DeviceInterface['type']>(model: DeviceModel, type: T): Array<Extract<DeviceInterface, { type: T }>> {
  return model.interfaces.filter((item): item is Extract<DeviceInterface, { type: T }> => item.type === type);
}

/**
 * Why `transport` cannot reach `model`, as problems with paths relative to the
 * binding. A serial transport reaches a serial or USB COM-port (usb-cdc)
 * interface; hid a usb-hid interface; tcp a tcp interface, or a serial one
 * through a serial device server (the raw TCP mode halls use to put an
 * RS-232/RS-485 line on the LAN).
 */
export function transportProblems(transport: Transport, model: DeviceModel): Array<Omit<ProfileProblem, 'file'>> {
  switch (transport.type) {
    case 'serial': {
      const serial = ofType(model, 'serial');
      const cdc = ofType(model, 'usb-cdc');
      if (serial.length === 0 && cdc.length === 0) {
        return [{ path: 'transport.type', message: `${model.id} has no serial or usb-cdc interface (it has: ${interfaceList(model)})` }];
      }
      // A USB COM port takes any rate; a UART only the rates its model lists.
      const declared = serial.flatMap((item) => item.baudRates ?? []);
      const unlisted = serial.some((item) => item.baudRates === undefined);
      if (cdc.length === 0 && !unlisted && !declared.includes(transport.baudRate)) {
        return [{ path: 'transport.baudRate', message: `${model.id} does not list ${transport.baudRate} baud (it lists: ${declared.join(', ')})` }];
      }
      return [];
    }
    case 'hid': {
      const hid = ofType(model, 'usb-hid');
      if (hid.length === 0) {
        return [{ path: 'transport.type', message: `${model.id} has no usb-hid interface (it has: ${interfaceList(model)})` }];
      }
      const vendorId = usbIdValue(transport.vendorId);
      const productId = usbIdValue(transport.productId);
      const matches = hid.some(
        (item) =>
          (item.vendorId === undefined || usbIdValue(item.vendorId) === vendorId) && (item.productId === undefined || usbIdValue(item.productId) === productId),
      );
      if (!matches) {
        const known = hid
          .map(
            (item) =>
              `${item.vendorId === undefined ? '????' : hex(usbIdValue(item.vendorId))}:${item.productId === undefined ? '????' : hex(usbIdValue(item.productId))}`,
          )
          .join(', ');
        return [{ path: 'transport', message: `${hex(vendorId)}:${hex(productId)} is not a USB HID identity of ${model.id} (it has: ${known})` }];
      }
      return [];
    }
    case 'tcp':
      if (ofType(model, 'tcp').length === 0 && ofType(model, 'serial').length === 0) {
        return [{ path: 'transport.type', message: `${model.id} has no tcp or serial interface (it has: ${interfaceList(model)})` }];
      }
      return [];
    case 'usb-printer':
      if (ofType(model, 'usb-printer').length === 0) {
        return [{ path: 'transport.type', message: `${model.id} has no usb-printer interface (it has: ${interfaceList(model)})` }];
      }
      return [];
  }
}

/** The bus addresses a model can be set to, when a document states them. */
export function addressRange(model: DeviceModel): { min: number; max: number } | undefined {
  switch (model.class) {
    case 'led':
      return model.led.addressRange;
    case 'keypad':
      return model.keypad.addressRange;
    case 'evaluator':
      return model.evaluator.addressRange;
    default:
      return undefined;
  }
}

/** Why `address` does not fit `model`, as problems with paths relative to the binding. */
export function addressProblems(address: number | undefined, model: DeviceModel): Array<Omit<ProfileProblem, 'file'>> {
  if (address === undefined) return [];
  const range = addressRange(model);
  if (range && (address < range.min || address > range.max)) {
    return [{ path: 'address', message: `${model.id} takes addresses ${range.min}–${range.max}, not ${address}` }];
  }
  return [];
}

/** Every binding of `setup` whose model is missing or cannot be reached by its transport. */
export function terminalProblems(setup: TerminalSetup, models: ModelCatalog): Array<Omit<ProfileProblem, 'file'>> {
  const problems: Array<Omit<ProfileProblem, 'file'>> = [];
  for (const [name, binding] of Object.entries(setup.devices)) {
    const model = models.get(binding.model);
    if (!model) {
      const near = [...models.keys()].filter((id) => editDistance(id, binding.model) <= 3);
      const hint = near.length > 0 ? `; did you mean ${near.map((id) => `"${id}"`).join(' or ')}?` : '';
      problems.push({ path: `devices.${name}.model`, message: `no model "${binding.model}" in devices/${hint}` });
      continue;
    }
    for (const problem of [...transportProblems(binding.transport, model), ...addressProblems(binding.address, model)]) {
      problems.push({ path: `devices.${name}.${problem.path}`, message: problem.message });
    }
  }
  return problems;
}

function resolveTransport(transport: Transport): ResolvedTransport {
  if (transport.type !== 'hid') return transport;
  return { type: 'hid', vendorId: usbIdValue(transport.vendorId), productId: usbIdValue(transport.productId) };
}

/**
 * Loads the set-up at `path` and joins each device's model in. `models`
 * defaults to everything under devices/. Throws a ProfileError listing every
 * problem when the set-up is wrong or refers to what does not fit.
 */
export function resolveTerminal(path: string, models: ModelCatalog = loadModels()): ResolvedTerminal {
  const setup = loadTerminal(path);
  const file = displayName(path);
  const problems = terminalProblems(setup, models);
  if (problems.length > 0) throw new ProfileError(problems.map((problem) => ({ file, ...problem })));
  const devices: Record<string, ResolvedDevice> = {};
  for (const [name, binding] of Object.entries(setup.devices)) {
    devices[name] = {
      name,
      model: models.get(binding.model)!,
      transport: resolveTransport(binding.transport),
      ...(binding.address === undefined ? {} : { address: binding.address }),
      ...(binding.note === undefined ? {} : { note: binding.note }),
    };
  }
  return { ...setup, file, devices };
}
