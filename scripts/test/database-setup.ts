// Setup file of the database test projects: after each test file, close (and on PostgreSQL drop)
// every database it opened through createTestDatabase.
import { afterAll } from 'vitest';
import { closeTestDatabases } from '../../src/lib/server/testing/database';

afterAll(closeTestDatabases);
