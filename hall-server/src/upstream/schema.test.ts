import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { upstreamJsonSchema } from './schema.ts';

const FILE = fileURLToPath(new URL('../../../docs/upstream.schema.json', import.meta.url));

describe('the published upstream format', () => {
  it('docs/upstream.schema.json is the schema the hall reports with (HALL_WRITE_SCHEMA=1 rewrites it)', () => {
    const current = JSON.stringify(upstreamJsonSchema(), null, 2) + '\n';
    if (process.env.HALL_WRITE_SCHEMA === '1') writeFileSync(FILE, current);
    expect(readFileSync(FILE, 'utf8')).toBe(current);
  });
});
