// PostgreSQL mirror of src/db/schema/console.ts: same tables, columns and indexes; type mapping in ./columns.ts.
/**
 * Console sign-in sessions, in the database so that every instance of a fleet knows them. Only the SHA-256 of
 * the session id is stored: a copy of this table does not let anyone act as a signed-in officer.
 */
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampMs } from './columns.ts';

export const consoleSessions = pgTable(
  'console_sessions',
  {
    /** Hex SHA-256 of the cookie's session id. */
    idHash: text('id_hash').primaryKey(),
    /** The API key's fingerprint (src/http/middleware/auth.ts); its scopes are read from the configuration. */
    keyId: text('key_id').notNull(),
    /** The name the officer gave at sign-in: the actor recorded on their actions. */
    officer: text('officer').notNull(),
    createdAt: timestampMs('created_at').notNull(),
    lastSeenAt: timestampMs('last_seen_at').notNull(),
    /** The absolute end of the session, whatever its activity. */
    expiresAt: timestampMs('expires_at').notNull(),
  },
  (t) => [index('console_sessions_expires').on(t.expiresAt)],
);
