/**
 * Writes schema/device-model.schema.json and schema/terminal.schema.json from
 * the zod schemas, so editors and other languages can validate profiles too.
 * Run: npm run schema -w @hall/hardware-profiles
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { packageRoot } from './load.ts';
import { DeviceModel, TerminalSetup } from './schema.ts';

export const schemaDir = join(packageRoot, 'schema');

/** The generated files, by name, as the text that is written. */
export function jsonSchemaFiles(): Record<string, string> {
  const render = (schema: z.ZodType, id: string): string => `${JSON.stringify({ $id: id, ...z.toJSONSchema(schema, { target: 'draft-2020-12' }) }, null, 2)}\n`;
  return {
    'device-model.schema.json': render(DeviceModel, 'https://hall.invalid/hardware-profiles/device-model.schema.json'),
    'terminal.schema.json': render(TerminalSetup, 'https://hall.invalid/hardware-profiles/terminal.schema.json'),
  };
}

export function writeJsonSchemas(dir: string = schemaDir): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(jsonSchemaFiles()).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of writeJsonSchemas()) console.log(`wrote ${file}`);
}
