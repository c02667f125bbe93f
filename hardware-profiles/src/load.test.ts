import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModels, loadTerminal, packageRoot, resolveTerminal } from './load.ts';
import { ProfileError } from './problems.ts';

const fixtures = join(packageRoot, 'src', 'fixtures');
const terminal = (name: string) => join(fixtures, 'terminals', name);

/** The lines of the ProfileError that `load` throws. */
function problemLines(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as ProfileError).message.split('\n');
  }
  throw new Error('expected a ProfileError, but the profile loaded');
}

describe('a broken terminal set-up is reported with its file, the path inside it and what is wrong', () => {
  const models = loadModels();
  const cases: Array<[string, string[]]> = [
    [
      'baud-rate-as-string.json',
      ['src/fixtures/terminals/baud-rate-as-string.json: devices.idReader.transport.baudRate: expected a number, got the string "115200"'],
    ],
    [
      'unknown-model.json',
      ['src/fixtures/terminals/unknown-model.json: devices.scanner.model: no model "newland-fm430" in devices/; did you mean "newland-fm420"?'],
    ],
    [
      'transport-the-model-lacks.json',
      ['src/fixtures/terminals/transport-the-model-lacks.json: devices.scanner.transport.type: newland-fm420 has no tcp or serial interface (it has: usb-hid)'],
    ],
    [
      'unlisted-baud-rate.json',
      [
        'src/fixtures/terminals/unlisted-baud-rate.json: devices.idReader.transport.baudRate: generic-ga467 does not list 4800 baud (it lists: 115200, 57600, 38400, 19200, 9600)',
      ],
    ],
    [
      'wrong-hid-identity.json',
      ['src/fixtures/terminals/wrong-hid-identity.json: devices.scanner.transport: 1eab:0d00 is not a USB HID identity of newland-fm420 (it has: 1eab:0d10)'],
    ],
    [
      'misspelt-field.json',
      [
        'src/fixtures/terminals/misspelt-field.json: devices.idReader.transport.baudRate: missing: expected a number',
        'src/fixtures/terminals/misspelt-field.json: devices.idReader.transport.baudrate: unknown field; did you mean "baudRate"?',
      ],
    ],
    [
      'unknown-role.json',
      ['src/fixtures/terminals/unknown-role.json: role: expected one of "ticket", "filing", "counter", "wall", "window", got the string "kiosk"'],
    ],
    [
      'unknown-transport-type.json',
      [
        'src/fixtures/terminals/unknown-transport-type.json: devices.printer.transport.type: expected one of "serial", "hid", "tcp", "usb-printer", got the string "usb"',
      ],
    ],
    ['malformed-usb-id.json', ['src/fixtures/terminals/malformed-usb-id.json: devices.scanner.transport.vendorId: must be four hex digits, such as "1eab"']],
    [
      'bad-device-name.json',
      ['src/fixtures/terminals/bad-device-name.json: devices["ID reader"]: is not a valid name: must be a camelCase name such as "idReader"'],
    ],
  ];

  for (const [file, lines] of cases) {
    it(`${file} reads: ${lines[0]!.split(': ').slice(1).join(': ')}`, () => {
      expect(problemLines(() => resolveTerminal(terminal(file), models))).toEqual(lines);
    });
  }

  it('a file that is not JSON is reported with the line and column where parsing stopped', () => {
    const [line, ...rest] = problemLines(() => loadTerminal(terminal('not-json.json')));
    expect(rest).toEqual([]);
    expect(line).toMatch(/^src\/fixtures\/terminals\/not-json\.json: not valid JSON: .*line 4 column 45/);
  });

  it('a missing file is reported as missing, not as a crash', () => {
    expect(problemLines(() => loadTerminal(terminal('no-such-terminal.json')))).toEqual(['src/fixtures/terminals/no-such-terminal.json: no such file']);
  });

  it('the error keeps each problem as data for programs', () => {
    try {
      resolveTerminal(terminal('misspelt-field.json'), models);
      expect.unreachable();
    } catch (error) {
      expect((error as ProfileError).problems).toContainEqual({
        file: 'src/fixtures/terminals/misspelt-field.json',
        path: 'devices.idReader.transport.baudRate',
        message: 'missing: expected a number',
      });
    }
  });

  it('a file outside hardware-profiles/ is named by the path it was given', () => {
    expect(problemLines(() => loadTerminal('/nonexistent/kiosk.json'))).toEqual(['/nonexistent/kiosk.json: no such file']);
  });
});

describe('a broken devices folder is reported all at once, one line per problem', () => {
  const lines = problemLines(() => loadModels(join(fixtures, 'devices-broken')));
  const expected = [
    'src/fixtures/devices-broken/cameras: "cameras" is not a device class (known: id-reader, scanner, printer, led, keypad, evaluator)',
    'src/fixtures/devices-broken/id-reader/filed-in-wrong-folder.json: class: is "scanner" but the file sits in the "id-reader" folder',
    'src/fixtures/devices-broken/id-reader/scanner-figures-on-a-reader.json: scanner: unknown field',
    'src/fixtures/devices-broken/led/twin.json: id: "twin" is already the id of src/fixtures/devices-broken/keypad/twin.json',
    'src/fixtures/devices-broken/printer/without-sources.json: sources: missing: expected a list',
    'src/fixtures/devices-broken/scanner/dangling-cover.json: sources[0].covers[1]: "interfaces[3]" names no figure of this model',
    'src/fixtures/devices-broken/scanner/default-rate-not-listed.json: interfaces[0].defaultBaudRate: 4800 is not one of baudRates (9600, 115200)',
    'src/fixtures/devices-broken/scanner/misnamed-model.json: id: must equal the file name "misnamed-model", got "other-name"',
    'src/fixtures/devices-broken/scanner/uncited-vendor-id.json: interfaces[0].vendorId: no source covers this figure',
  ];

  for (const line of expected) {
    it(line.replace(/^src\/fixtures\/devices-broken\//, ''), () => {
      expect(lines).toContain(line);
    });
  }

  it('and reports nothing else', () => {
    expect([...lines].sort()).toEqual([...expected].sort());
  });
});
