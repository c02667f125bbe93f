import { describe, expect, it } from 'vitest';
import { covers, danglingCovers, figurePaths, formatPath, parsePath, uncitedFigures } from './figures.ts';
import { DeviceModel } from './schema.ts';

const reader = DeviceModel.parse({
  id: 'test-reader',
  class: 'id-reader',
  vendor: 'Test',
  model: 'R1',
  note: 'not a figure',
  interfaces: [{ type: 'serial', baudRates: [115200, 9600], defaultBaudRate: 115200, note: 'not a figure either' }],
  idReader: { protocol: 'ga467', cardTypes: ['resident'] },
  sources: [{ title: 'Sheet', covers: ['interfaces[0].baudRates', 'idReader'] }],
});

describe('figures and the sources that cover them', () => {
  it('a field path round-trips between text and segments', () => {
    expect(parsePath('interfaces[0].vendorId')).toEqual(['interfaces', 0, 'vendorId']);
    expect(formatPath(['interfaces', 0, 'vendorId'])).toBe('interfaces[0].vendorId');
    expect(parsePath('interfaces..type')).toBeUndefined();
  });

  it('every value but names, notes and sources is a figure, and a list of plain values is one figure', () => {
    expect(figurePaths(reader)).toEqual([
      'interfaces[0].type',
      'interfaces[0].baudRates',
      'interfaces[0].defaultBaudRate',
      'idReader.protocol',
      'idReader.cardTypes',
    ]);
  });

  it.each([
    ['idReader', 'idReader.cardTypes'],
    ['interfaces[0]', 'interfaces[0].type'],
    ['interfaces', 'interfaces[0].type'],
  ])('a cover of %s covers %s, which lies inside it', (cover, path) => {
    expect(covers(cover, path)).toBe(true);
  });

  it.each([
    ['interfaces[0].baudRates', 'interfaces[0].baudRate'],
    ['idReader', 'idReaderX'],
  ])('a cover of %s does not cover %s, which only begins like it', (cover, path) => {
    expect(covers(cover, path)).toBe(false);
  });

  it('the figures no source covers are listed', () => {
    expect(uncitedFigures(reader)).toEqual(['interfaces[0].type', 'interfaces[0].defaultBaudRate']);
  });

  it('a cover that names no figure is found, and so is one pointing into sources', () => {
    const model = { ...reader, sources: [{ title: 'Sheet', covers: ['interfaces[1]', 'sources', 'idReader.protocol'] }] };
    expect(danglingCovers(model)).toEqual([
      [0, 0, 'interfaces[1]'],
      [0, 1, 'sources'],
    ]);
  });
});
