/**
 * Every HTTP operation of the hall: the contract's entries (src/contract/),
 * each bound to its handler. The router, the role check, request validation
 * and the OpenAPI document are generated from the contract, so none of them
 * can drift from what the server does.
 */
import { filingHandlers } from './filing-handlers.ts';
import { managerHandlers } from './manager-handlers.ts';
import { bindOperations } from './operation.ts';
import { queueHandlers } from './queue-handlers.ts';

export const operations = bindOperations(
  { ...queueHandlers, ...managerHandlers, ...filingHandlers },
  // A page is refused by its declared length before a byte is read, and cut off at this many bytes as it arrives.
  { uploadFilingFile: (hall) => hall.config.filingLimits.maxFileBytes },
);
