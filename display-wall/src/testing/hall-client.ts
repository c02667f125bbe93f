/**
 * A hall client answering from handlers by operationId, typed by the
 * contract, for stores and pages under test. A handler refuses by throwing
 * a `HallRefusal`, as the real client does; an operation without a handler
 * is refused like a route the hall does not have.
 */
import { HallRefusal, type CallInput, type HallClient } from '@hall/server/client';
import type { AnswerOf, Contract, OperationId } from '@hall/server/contract';

export type HallHandlers = { [K in OperationId]?: (input: CallInput<Contract[K]>) => AnswerOf<Contract[K]> | Promise<AnswerOf<Contract[K]>> };

export function fakeHallClient(handlers: HallHandlers): HallClient {
  async function call(operationId: OperationId, input: unknown = {}): Promise<unknown> {
    const handler = handlers[operationId] as ((input: unknown) => unknown) | undefined;
    if (!handler) throw new HallRefusal(404, 'NOT_FOUND', `${operationId} has no handler here`);
    return handler(input);
  }
  async function file(operationId: OperationId, input: unknown = {}): Promise<unknown> {
    const answer = await call(operationId, input);
    if (!(answer && typeof answer === 'object' && 'bytes' in answer)) throw new Error(`${operationId} answered JSON where a file was asked for`);
    return answer;
  }
  return { call: call as HallClient['call'], file: file as HallClient['file'] };
}
