/**
 * The hall's public protocol: HTTP request and response bodies and the
 * socket.io events, as zod schemas with their TypeScript types. The server
 * validates with these schemas, the contract (contract/) names which
 * operation takes and answers which, and the OpenAPI document is generated
 * from both; clients import the types (`@hall/server/protocol`).
 */
export * from './protocol/common.ts';
export * from './protocol/queue.ts';
export * from './protocol/manager.ts';
export * from './protocol/filing.ts';
export * from './protocol/events.ts';
