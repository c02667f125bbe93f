import { describe, expect, it } from 'vitest';
import { transportProblems } from './load.ts';
import { DeviceModel } from './schema.ts';

const model = (interfaces: unknown[]) =>
  DeviceModel.parse({
    id: 'test-model',
    class: 'scanner',
    vendor: 'Test',
    model: 'T1',
    interfaces,
    scanner: {},
    sources: [{ title: 'Test sheet', covers: ['interfaces'] }],
  });

describe('which transports reach which interfaces', () => {
  it('a serial transport reaches a USB COM port at any rate', () => {
    expect(transportProblems({ type: 'serial', path: '/dev/ttyACM0', baudRate: 1234 }, model([{ type: 'usb-cdc' }]))).toEqual([]);
  });

  it('a serial transport reaches a UART whose rates are not published at any rate', () => {
    expect(transportProblems({ type: 'serial', path: '/dev/ttyS0', baudRate: 1234 }, model([{ type: 'serial' }]))).toEqual([]);
  });

  it('a serial transport must use a rate the UART lists', () => {
    const problems = transportProblems({ type: 'serial', path: '/dev/ttyS0', baudRate: 4800 }, model([{ type: 'serial', baudRates: [9600] }]));
    expect(problems).toEqual([{ path: 'transport.baudRate', message: 'test-model does not list 4800 baud (it lists: 9600)' }]);
  });

  it('a hid transport reaches a usb-hid interface whose ids are not published, whatever ids it names', () => {
    expect(transportProblems({ type: 'hid', vendorId: 'abcd', productId: 1 }, model([{ type: 'usb-hid' }]))).toEqual([]);
  });

  it('hex strings and numbers name the same USB id', () => {
    const reader = model([{ type: 'usb-hid', vendorId: '0400', productId: 'C35A' }]);
    expect(transportProblems({ type: 'hid', vendorId: 1024, productId: 50010 }, reader)).toEqual([]);
    expect(transportProblems({ type: 'hid', vendorId: '0400', productId: 'c35a' }, reader)).toEqual([]);
  });

  it('a USB device of unpublished class is reached by no transport', () => {
    const usb = model([{ type: 'usb' }]);
    expect(transportProblems({ type: 'hid', vendorId: 1, productId: 2 }, usb)).toHaveLength(1);
    expect(transportProblems({ type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 }, usb)).toHaveLength(1);
  });

  it('a tcp transport reaches a tcp interface, or a serial one through a serial device server', () => {
    expect(transportProblems({ type: 'tcp', host: '192.0.2.1', port: 9100 }, model([{ type: 'tcp' }]))).toEqual([]);
    expect(transportProblems({ type: 'tcp', host: '192.0.2.1', port: 4001 }, model([{ type: 'serial' }]))).toEqual([]);
    expect(transportProblems({ type: 'tcp', host: '192.0.2.1', port: 4001 }, model([{ type: 'usb-hid' }]))).toEqual([
      { path: 'transport.type', message: 'test-model has no tcp or serial interface (it has: usb-hid)' },
    ]);
  });
});

describe('the USB printer class', () => {
  const printer = (interfaces: unknown[]) =>
    DeviceModel.parse({
      id: 'test-printer',
      class: 'printer',
      vendor: 'Test',
      model: 'P1',
      interfaces,
      printer: { commandSet: 'escpos' },
      sources: [{ title: 'Test sheet', covers: ['interfaces', 'printer'] }],
    });

  it('a usb-printer transport (/dev/usb/lp0) reaches a usb-printer interface', () => {
    expect(transportProblems({ type: 'usb-printer', path: '/dev/usb/lp0' }, printer([{ type: 'usb-printer', vendorId: '04b8', productId: '0e21' }]))).toEqual(
      [],
    );
  });

  it('a usb-printer transport does not reach a USB device of unpublished class', () => {
    expect(transportProblems({ type: 'usb-printer', path: '/dev/usb/lp0' }, printer([{ type: 'usb' }]))).toEqual([
      { path: 'transport.type', message: 'test-printer has no usb-printer interface (it has: usb)' },
    ]);
  });
});
