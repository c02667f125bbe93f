/**
 * The OpenAPI 3.1 document of the city platform's API, generated from the
 * contract alone (served at /api/openapi.json): each operation with its
 * operationId, parameters, answer schema and refusals, and whether it needs
 * an operator token.
 */
import { z } from 'zod';
import { contract, ERROR_CODES, type OperationSpec } from './contract.ts';
import { API_PREFIX } from './routes.ts';

type Json = Record<string, unknown>;

const schemaOf = (type: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

function parametersOf(op: OperationSpec): Json[] {
  const out: Json[] = [];
  for (const [shape, where] of [
    [op.params, 'path'],
    [op.query, 'query'],
  ] as const) {
    if (!shape) continue;
    const schema = schemaOf(shape, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

export function openApiDocument(info: { version: string }): Json {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const paths: Record<string, Json> = {};
  for (const [operationId, op] of Object.entries(contract) as [string, OperationSpec][]) {
    const responses: Record<string, Json> = {
      200: { description: 'The answer', content: { 'application/json': { schema: schemaOf(op.response, 'output') } } },
    };
    if (op.params || op.query) responses[400] = error('INVALID_REQUEST: the message names the parameter and the problem');
    if (op.access === 'operator') responses[401] = error('UNAUTHENTICATED: no operator token, or one the platform does not know');
    if (op.errors?.includes('HALL_NOT_FOUND')) responses[404] = error('HALL_NOT_FOUND');
    responses[429] = error('RATE_LIMITED: too many requests from this address (Retry-After, seconds)');
    const entry: Json = {
      operationId,
      summary: op.summary,
      tags: [op.access],
      security: op.access === 'operator' ? [{ operator: [] }] : [],
      parameters: parametersOf(op),
      responses,
    };
    if (op.access === 'public') entry.description = 'Public and read-only; the answer is shared by every caller for a few seconds (Cache-Control: public).';
    (paths[`${API_PREFIX}${op.path}`] ??= {})[op.method.toLowerCase()] = entry;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'City platform API',
      version: info.version,
      description: 'Live queue load, ratings and device health of every hall in the city. A refusal answers { "error": { "code", "message" } }.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'operator', description: 'Operations-centre staff: Authorization: Bearer <operator token>' },
      { name: 'public', description: 'Anyone, no token: the phone page' },
    ],
    components: {
      securitySchemes: { operator: { type: 'http', scheme: 'bearer', description: 'An operations-centre operator token' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string', enum: Object.keys(ERROR_CODES) }, message: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
          required: ['error'],
        },
      },
    },
    paths,
  };
}
