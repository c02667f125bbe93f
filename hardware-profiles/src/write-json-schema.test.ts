import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles, schemaDir } from './write-json-schema.ts';

describe('the JSON Schema files', () => {
  for (const [name, text] of Object.entries(jsonSchemaFiles())) {
    it(`schema/${name} is what the zod schemas generate (run: npm run schema -w @hall/hardware-profiles)`, () => {
      expect(readFileSync(join(schemaDir, name), 'utf8')).toBe(text);
    });
  }

  it('the terminal schema requires a role and devices, each with a model and a transport', () => {
    const schema = JSON.parse(jsonSchemaFiles()['terminal.schema.json']!);
    expect(schema.required).toEqual(['role', 'devices']);
    expect(schema.$defs.DeviceBinding.required).toEqual(['model', 'transport']);
  });
});
