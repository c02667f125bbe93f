/** The JSON Schema of upstream reports, generated from the zod schemas the hall builds them with. */
import { z } from 'zod';
import { UpstreamReport } from './format.ts';

export function upstreamJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(UpstreamReport, { target: 'draft-2020-12' }) as Record<string, unknown>),
    title: 'Hall upstream report',
    description: 'Body of each POST to HALL_UPSTREAM_URL (and of the MQTT envelope’s `body`): a queue-load report or a rating.',
  };
}
