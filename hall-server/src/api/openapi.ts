/** The OpenAPI 3.1 document, generated from the operations table and its zod schemas. */
import { z } from 'zod';
import { ErrorBody } from '../protocol.ts';
import type { Operation } from './operation.ts';

type Json = Record<string, unknown>;

function schemaOf(type: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Json;
  return schema;
}

function parametersOf(op: Operation): Json[] {
  const params: Json[] = [];
  const add = (shape: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!shape) return;
    const schema = schemaOf(shape, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      params.push({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), schema: prop });
    }
  };
  add(op.params, 'path');
  add(op.query, 'query');
  return params;
}

const ERRORS: Record<number, string> = {
  400: 'Malformed request: the body names the field and the problem',
  401: 'No token, or a token the hall does not know',
  403: 'The token’s role may not do this (checked before anything else)',
  404: 'Unknown ticket, window or appointment',
  409: 'Refused in the hall’s current state (window paused, quota reached, ticket taken …)',
};

export function openApiDocument(operations: readonly Operation[], info: { version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const responses: Record<string, Json> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      if (r.raw) responses[status] = { description: r.description, content: Object.fromEntries(r.raw.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) };
      else if (r.schema) responses[status] = { description: r.description, content: { 'application/json': { schema: schemaOf(r.schema, 'output') } } };
      else if (Number(status) >= 400) responses[status] = { description: r.description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      else responses[status] = { description: r.description };
    }
    for (const [status, description] of Object.entries(ERRORS)) {
      if (status === '404' && !op.params) continue;
      if (status === '400' && !op.params && !op.query && !op.body) continue;
      responses[status] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const entry: Json = {
      operationId: op.operationId,
      summary: op.summary,
      'x-roles': [...op.roles],
      security: [{ bearer: [] }],
      parameters: parametersOf(op),
      responses,
    };
    if (op.boundWindow) entry['x-bound-window'] = true;
    if (op.body) entry.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } };
    if (op.rawBody) entry.requestBody = { required: true, content: Object.fromEntries(op.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) };
    (paths[`/api/v1${op.path}`] ??= {})[op.method.toLowerCase()] = entry;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hall server API',
      version: info.version,
      description: 'Queue and ticketing API of a government service hall. Errors: { "error": { "code", "message" } }.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from `hall-server token create`' } },
      schemas: { Error: schemaOf(ErrorBody, 'output') },
    },
    paths,
  };
}
