/**
 * A hall client answering from handlers by operationId, typed by the
 * contract, for stores and pages under test. A handler refuses by throwing
 * a `HallRefusal`, as the real client does; an operation without a handler
 * is refused like a route the hall does not have.
 */
import { clientOf, HallRefusal, type CallInput, type HallClient } from '@hall/server/client';
import type { AnswerOf, Contract, OperationId } from '@hall/server/contract';

export type HallHandlers = { [K in OperationId]?: (input: CallInput<Contract[K]>) => AnswerOf<Contract[K]> | Promise<AnswerOf<Contract[K]>> };

export function fakeHallClient(handlers: HallHandlers): HallClient {
  async function call(operationId: OperationId, input: unknown = {}): Promise<unknown> {
    const handler = handlers[operationId] as ((input: unknown) => unknown) | undefined;
    if (!handler) throw new HallRefusal(404, 'NOT_FOUND', `${operationId} has no handler here`);
    return handler(input);
  }
  return clientOf(call as HallClient['call']);
}
