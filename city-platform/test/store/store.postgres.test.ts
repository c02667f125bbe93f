import { describe } from 'vitest';
import { postgresFixture } from './engines.ts';
import { storeContract } from './store.contract.ts';

describe('the store on PostgreSQL', () => storeContract(postgresFixture));
