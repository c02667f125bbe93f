import { describe } from 'vitest';
import { pgliteFixture } from './engines.ts';
import { storeContract } from './store.contract.ts';

describe('the store on PGlite (embedded)', () => storeContract(pgliteFixture));
