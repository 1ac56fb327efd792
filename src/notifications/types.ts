/** The events the sidecar tells other systems about (outbound webhooks to NOTIFY_WEBHOOK_URLS). */
export const NOTIFICATION_TYPES = [
  'case.created',
  'case.escalated',
  'case.decided',
  'appeal.created',
  'appeal.decided',
  'customer.status_changed',
  'transaction.released',
  'transaction.rejected',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
