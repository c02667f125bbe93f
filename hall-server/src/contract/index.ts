/**
 * The hall's HTTP contract: every operation by its id. Owned by the server,
 * read by everyone else: handlers bind to it, the OpenAPI document and the
 * client are derived from it. Adding an operation is one entry here and one
 * handler in api/.
 */
import { filingContract } from './filing.ts';
import { managerContract } from './manager.ts';
import { queueContract } from './queue.ts';

export const contract = { ...queueContract, ...managerContract, ...filingContract } as const;
export type Contract = typeof contract;
export type OperationId = keyof Contract;

export { ANY_OPERATION_MAY_ANSWER, ERROR_CODES, isErrorCode, type ErrorCode } from './errors.ts';
export {
  TAGS,
  type AnswerOf,
  type BodyIn,
  type BodyOf,
  type OperationSpec,
  type ParamsIn,
  type ParamsOf,
  type QueryIn,
  type QueryOf,
  type RawAnswer,
} from './define.ts';
export { WithdrawMaterialsConsentAnswer } from './filing.ts';
