/**
 * Column types of the PostgreSQL schema that store exactly what the SQLite schema (src/db/schema) stores, so the
 * same drizzle queries (and the same hand-written SQL fragments) give the same answers on both engines:
 *
 * - `timestampMs`: milliseconds since the epoch in a `bigint`, read and written as a `Date` — the SQLite
 *   `integer({ mode: 'timestamp_ms' })`. Not `timestamptz` on purpose: range conditions, cursors and arithmetic
 *   in SQL (`expires_at < ?`, `decided_at - created_at`) keep their integer meaning on both engines.
 * - `flag`: a boolean stored as `integer` 0/1 — the SQLite `integer({ mode: 'boolean' })`. Not `boolean` on purpose:
 *   SQL that compares or sums a flag (`active = 1`, `sum(escalated)`) stays portable.
 * - `jsonText`: JSON as `text`, parsed on read — the SQLite `text({ mode: 'json' })`. Not `jsonb` on purpose:
 *   the stored text is byte-for-byte the same and the `LIKE` backfills over it (drizzle/0020) keep working.
 *
 * Every other SQLite `integer` is a PostgreSQL `bigint` (SQLite integers are 64-bit) read as a JS number, and
 * `real` is `double precision` (SQLite REAL is an 8-byte float).
 */
import { customType } from 'drizzle-orm/pg-core';

/** A `Date` stored as integer milliseconds since the epoch (`bigint`). */
export const timestampMs = customType<{ data: Date; driverData: string | number | bigint }>({
  dataType: () => 'bigint',
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

/** A boolean stored as `integer` 0 / 1. */
export const flag = customType<{ data: boolean; driverData: number }>({
  dataType: () => 'integer',
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => Number(value) !== 0,
});

/** JSON stored as `text` (narrow the value with `.$type<T>()`). */
export const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
});
