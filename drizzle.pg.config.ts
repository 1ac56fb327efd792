import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL dialect (issue #14): src/db/schema-pg mirrors src/db/schema; its migrations live in drizzle-pg/. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg/index.ts',
  out: './drizzle-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost:5432/sidecar' },
});
