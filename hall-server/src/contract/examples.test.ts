import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, type OperationId, type OperationSpec } from './index.ts';
import { openApiDocument } from './openapi.ts';
import { upstreamWebhooks } from './webhooks.ts';

const withExamples = (Object.entries(contract) as [OperationId, OperationSpec][]).filter(([, op]) => op.example);

/** What a schema says is wrong with a value; empty when it is right. */
function problems(schema: z.ZodType | undefined, value: unknown): string[] {
  if (!schema) return value === undefined ? [] : ['the operation takes nothing here'];
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe("the OpenAPI document's worked examples", () => {
  it('cover the main flows: issuing, calling, booking, filing', () => {
    expect(withExamples.map(([id]) => id)).toEqual(expect.arrayContaining(['issueTicket', 'callNext', 'createAppointment', 'submitFiling']));
  });

  it.each(withExamples)('%s: what the example sends is what the operation takes', (_id, op) => {
    const example = op.example!;
    expect(problems(op.params, example.params ?? (op.params ? {} : undefined)), 'path').toEqual([]);
    expect(problems(op.query, example.query ?? (op.query ? {} : undefined)), 'query').toEqual([]);
    expect(problems(op.body, example.body), 'body').toEqual([]);
  });

  it.each(withExamples)('%s: what the example answers is one of the operation’s answers, in its shape', (_id, op) => {
    const { status, body } = op.example!.answer;
    const response = op.responses[status];
    expect(response, `status ${status}`).toBeDefined();
    expect(problems(response!.schema, body)).toEqual([]);
  });

  it.each(Object.entries(upstreamWebhooks))('the %s report example is a report the hall could send', (_id, hook) => {
    expect(problems(hook.schema, hook.example.body)).toEqual([]);
  });

  it('shows each example with its operation, and the reports as webhooks with their signature headers', () => {
    const doc = openApiDocument(contract, { version: 'test', webhooks: upstreamWebhooks }) as any;
    const issue = doc.paths['/api/v1/tickets'].post;
    expect(issue.requestBody.content['application/json'].examples.issueTicket.value).toEqual(contract.issueTicket.example.body);
    expect(issue.responses['201'].content['application/json'].examples.issueTicket.value).toEqual(contract.issueTicket.example.answer.body);
    const call = doc.paths['/api/v1/windows/{windowNo}/call-next'].post;
    expect(call.parameters.find((p: { name: string }) => p.name === 'windowNo').example).toBe(1);
    const rating = doc.webhooks.ratingReport.post;
    expect(rating.parameters.map((p: { name: string }) => p.name)).toEqual(['X-Hall-Id', 'Idempotency-Key', 'X-Hall-Signature']);
    expect(rating.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/RatingReport');
    expect(doc.components.schemas.RatingReport.required).toContain('level');
    expect(doc.components.schemas.QueueLoadReport).toBeDefined();
  });
});
