/**
 * The PostgreSQL description of every table: a mirror of src/db/schema (same exported names, tables, columns and
 * indexes), read by drizzle-kit through drizzle.pg.config.ts. How the SQLite column types map: ./columns.ts.
 * test/integration/db-schema-parity.test.ts checks that both engines end up with the same tables and columns.
 */
export * from './customers.ts';
export * from './transactions.ts';
export * from './kyc.ts';
export * from './monitoring.ts';
export * from './cases.ts';
export * from './notifications.ts';
export * from './customer-volume.ts';
export * from './sars.ts';
export * from './console.ts';
export * from './appeals.ts';
export * from './customer-versions.ts';
