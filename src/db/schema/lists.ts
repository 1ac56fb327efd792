import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The last good state of each list source, so a restart knows what it served and when it last refreshed. */
export const listSources = sqliteTable('list_sources', {
  source: text('source').primaryKey(),
  publishedAt: text('published_at'),
  checksums: text('checksums', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  etags: text('etags', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
  entities: integer('entities').notNull(),
  names: integer('names').notNull(),
  loadedAt: integer('loaded_at', { mode: 'timestamp_ms' }).notNull(),
  origin: text('origin').notNull(),
  lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
  lastError: text('last_error'),
});
