/**
 * The OpenAPI 3.1 document, generated from the contract alone: operations
 * grouped by tag, every named shape of protocol.ts a component schema that
 * the operations refer to, and the refusal codes as one enum.
 */
import { z } from 'zod';
import * as P from '../protocol.ts';
import type { OperationExample, OperationSpec } from './define.ts';
import type { WebhookSpec } from './webhooks.ts';
import { ERROR_CODES } from './errors.ts';
import { TAGS } from './define.ts';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const capitalised = (id: string) => id[0]!.toUpperCase() + id.slice(1);

/** Every exported shape of protocol.ts under its export name, an operation's unnamed shapes under the operation's, a webhook's under its own. */
function namedShapes(contract: Readonly<Record<string, OperationSpec>>, webhooks: Readonly<Record<string, WebhookSpec>>): z.core.$ZodRegistry<{ id: string }> {
  const registry = z.registry<{ id: string }>();
  const name = (value: z.ZodType, id: string) => {
    if (!registry.has(value)) registry.add(value, { id });
  };
  for (const [id, value] of Object.entries(P)) if (value instanceof z.ZodType && /^[A-Z]/.test(id)) name(value, id);
  for (const [operationId, op] of Object.entries(contract)) {
    const Id = capitalised(operationId);
    if (op.body) name(op.body, `${Id}Request`);
    for (const [status, r] of Object.entries(op.responses)) if (r.schema) name(r.schema, `${Id}Answer${Object.keys(op.responses).length > 1 ? status : ''}`);
  }
  for (const [id, hook] of Object.entries(webhooks)) name(hook.schema, capitalised(id));
  return registry;
}

/** An example as OpenAPI's `examples` map of a media type: one entry, named after its operation. */
const examplesOf = (name: string, summary: string, value: unknown): Json => ({ examples: { [name]: { summary, value } } });

/** Puts a worked call's parts where OpenAPI shows them: parameter examples, the request body's, the answer's. */
function withExample(entry: Json, name: string, example: OperationExample): void {
  const values: Record<string, unknown> = { ...example.params, ...example.query };
  for (const p of entry.parameters as Json[]) if ((p.name as string) in values) p.example = values[p.name as string];
  const request = (entry.requestBody as { content?: Record<string, Json> } | undefined)?.content?.['application/json'];
  if (request && example.body !== undefined) Object.assign(request, examplesOf(name, example.summary, example.body));
  const answer = (entry.responses as Record<string, { content?: Record<string, Json> }>)[example.answer.status]?.content?.['application/json'];
  if (answer && example.answer.body !== undefined) Object.assign(answer, examplesOf(name, example.summary, example.answer.body));
}

/** The reports the hall POSTs to the city platform, as a receiver implements them. */
function webhooksOf(webhooks: Readonly<Record<string, WebhookSpec>>, schemaOf: (type: z.ZodType) => Json): Json {
  const header = (name: string, description: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } });
  return Object.fromEntries(
    Object.entries(webhooks).map(([id, hook]) => [
      id,
      {
        post: {
          operationId: id,
          summary: hook.summary,
          description: hook.description,
          tags: ['upstream'],
          parameters: [
            header('X-Hall-Id', "The hall's id"),
            header('Idempotency-Key', 'Unique per report, the same on every retry of it: drop a report whose key was already received'),
            header('X-Hall-Signature', 'sha256=<hex HMAC-SHA256 of the raw body with the shared secret>'),
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(hook.schema), ...examplesOf(id, hook.example.summary, hook.example.body) } },
          },
          responses: {
            '2XX': { description: 'Received: the hall marks the report delivered' },
            default: { description: 'Not received: the hall sends the same report again later, before any newer one' },
          },
        },
      },
    ]),
  );
}

// A shape reads differently going in and coming out (defaults, coercions): the input side is its own component.
const ref = (id: string, io: Io) => `#/components/schemas/${io === 'input' ? `${id}Input` : id}`;

function strip(schema: Json): Json {
  const { $schema: _s, id: _i, ...rest } = schema;
  return rest;
}

/** The components a text refers to, and those they refer to in turn. */
function reachable(text: string, all: Record<string, Json>, suffix: string, into: Set<string>): void {
  for (const m of text.matchAll(new RegExp(`#/components/schemas/(\\w+?)${suffix}"`, 'g'))) {
    const id = m[1]!;
    if (into.has(id) || !all[id]) continue;
    into.add(id);
    reachable(JSON.stringify(all[id]), all, suffix, into);
  }
}

export function openApiDocument(
  contract: Readonly<Record<string, OperationSpec>>,
  info: { version: string; webhooks?: Readonly<Record<string, WebhookSpec>> },
): Json {
  const hooks = info.webhooks ?? {};
  const registry = namedShapes(contract, hooks);
  const schemaOf = (type: z.ZodType, io: Io): Json => ({ $ref: ref(registry.get(type)!.id, io) });
  const parametersOf = (op: OperationSpec): Json[] => {
    const params: Json[] = [];
    for (const [shape, where] of [
      [op.params, 'path'],
      [op.query, 'query'],
    ] as const) {
      if (!shape) continue;
      // Parameters are listed one by one, so their object is written out here rather than referred to.
      const schema = strip(z.toJSONSchema(shape, { io: 'input', unrepresentable: 'any' }) as Json) as {
        properties?: Record<string, Json>;
        required?: string[];
      };
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        params.push({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), schema: prop });
      }
    }
    return params;
  };
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  const paths: Record<string, Record<string, Json>> = {};
  for (const [operationId, op] of Object.entries(contract)) {
    const responses: Record<string, Json> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      if (r.raw || r.schema) {
        const content: Json = Object.fromEntries((r.raw ?? []).map((t) => [t, { schema: { type: 'string', format: 'binary' } }]));
        if (r.schema) content['application/json'] = { schema: schemaOf(r.schema, 'output') };
        responses[status] = { description: r.description, content };
      } else if (Number(status) >= 400) responses[status] = { description: r.description, content: errorContent };
      else responses[status] = { description: r.description };
    }
    const common: Record<number, string> = {
      401: 'UNAUTHENTICATED: no token, or one the hall does not know',
      403: "FORBIDDEN_ROLE, WRONG_WINDOW or NOT_YOUR_VISITOR: the token's role or window may not do this (checked before anything else)",
      429: 'RATE_LIMITED (Retry-After)',
    };
    if (op.params || op.query || op.body) common[400] = 'INVALID_REQUEST: the message names the field and the problem';
    if (op.params) common[404] = 'The ticket, window, filing or appointment named in the path is not there';
    if (op.method !== 'GET') common[409] = "Refused in the hall's current state (window paused, quota reached, ticket taken …)";
    for (const [status, description] of Object.entries(common)) responses[status] ??= { description, content: errorContent };
    const entry: Json = {
      operationId,
      summary: op.summary,
      tags: [op.tag],
      'x-roles': [...op.roles],
      security: [{ bearer: [] }],
      parameters: parametersOf(op),
      responses,
    };
    if (op.errors?.length) entry['x-error-codes'] = [...op.errors];
    if (op.boundWindow) entry['x-bound-window'] = true;
    if (op.body) entry.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } };
    if (op.rawBody)
      entry.requestBody = {
        required: true,
        content: Object.fromEntries(op.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
      };
    if (op.example) withExample(entry, operationId, op.example);
    (paths[`/api/v1${op.path}`] ??= {})[op.method.toLowerCase()] = entry;
  }
  const webhooks = webhooksOf(hooks, (type) => schemaOf(type, 'output'));
  const components = (io: Io) =>
    (z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => ref(id, io) }) as { schemas: Record<string, Json> }).schemas;
  const output = components('output');
  const input = components('input');
  const used = JSON.stringify({ paths, webhooks });
  const [outputUsed, inputUsed] = [new Set<string>(), new Set<string>()];
  reachable(used, output, '', outputUsed);
  reachable(used, input, 'Input', inputUsed);
  const schemas: Record<string, Json> = {};
  for (const id of [...outputUsed].sort()) schemas[id] = strip(output[id]!);
  for (const id of [...inputUsed].sort()) schemas[`${id}Input`] = strip(input[id]!);
  schemas.Error = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: { code: { type: 'string', enum: Object.keys(ERROR_CODES) }, message: { type: 'string' }, details: { type: 'object' } },
        required: ['code', 'message'],
      },
    },
    required: ['error'],
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hall server API',
      version: info.version,
      description:
        'Queue and ticketing API of a government service hall. A refusal answers { "error": { "code", "message", "details?" } }; the code is one of the Error schema\'s enum and is stable, the message is English for integrators.',
    },
    servers: [{ url: '/' }],
    tags: [
      ...Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      ...(Object.keys(hooks).length ? [{ name: 'upstream', description: 'Reports the hall sends to the city platform (docs/upstream.md)' }] : []),
    ],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from `hall-server token create`' } },
      schemas,
    },
    paths,
    ...(Object.keys(hooks).length ? { webhooks } : {}),
  };
}
