/**
 * Writing side of the outbox: called inside the same database transaction as the change the event reports, so the
 * event exists exactly when the change does. The dispatcher (delivery, signing, retries) reads the rows later.
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../kyc/db.ts';
import { notificationEvents } from '../db/schema/notifications.ts';
import type { NotificationType } from './types.ts';

/** Returns the event id. `data` carries ids, statuses and outcomes only: never personal data. */
export async function enqueueNotification(
  tx: DbOrTx,
  type: NotificationType,
  data: Record<string, unknown>,
  at: Date,
): Promise<string> {
  const id = `evt_${randomUUID()}`;
  await tx.insert(notificationEvents).values({ id, type, data, createdAt: at });
  return id;
}
