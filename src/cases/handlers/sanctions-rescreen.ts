/**
 * sanctions_rescreen: clear_false_positive is the monitoring module's sticky clearing of the customer–entity
 * pair (it closes the alert); confirm_match blocks the customer (KYC status rejected: rule kyc.rejected blocks
 * every transaction, whatever happens to the alert) and closes the alert as confirmed.
 *
 * Monitoring and the customer profiles write through their own services, which cannot join the case's
 * transaction, so the order is chosen to fail safe: what blocks runs first (`prepare`, before the case is
 * decided; repeating it is harmless), what unblocks runs last (after the commit).
 */
import type { CustomerProfiles } from '../../customers/profiles.ts';
import { NotFoundError } from '../../errors.ts';
import type { MonitoringService } from '../../monitoring/service.ts';
import { enqueueNotification } from '../../notifications/outbox.ts';
import type { SourceId } from '../../sanctions/entity.ts';
import { actorString, type OutcomeHandler, type Prepare } from '../outcomes.ts';

export interface RescreenOutcomeDeps {
  monitoring: MonitoringService;
  customers: CustomerProfiles;
}

export function rescreenPrepare(deps: RescreenOutcomeDeps): Prepare {
  return async ({ record, input, actor }) => {
    const alert = await deps.monitoring.getAlert(record.subjectId);
    if (!alert) throw new NotFoundError(`No re-screen alert ${record.subjectId}.`);
    if (input.outcome === 'clear_false_positive') {
      if (alert.status === 'closed') return;
      await deps.monitoring.clear(
        record.userId,
        {
          source: alert.entity.source as SourceId,
          sourceId: alert.entity.sourceId,
          reason: input.notes ?? input.reason,
        },
        { id: actorString(actor) },
      );
      return;
    }
    const profile = await deps.customers.get(record.userId);
    await deps.customers.upsert(record.userId, { kycStatus: 'rejected', riskLevel: 'high' }, profile?.origin ?? 'kyc');
  };
}

export function rescreenOutcomeHandler(deps: RescreenOutcomeDeps): OutcomeHandler {
  return async ({ tx, record, input, at }) => {
    if (input.outcome === 'clear_false_positive') return { data: { alertId: record.subjectId } };
    await enqueueNotification(
      tx,
      'customer.status_changed',
      { userId: record.userId, kycStatus: 'rejected', riskLevel: 'high', caseId: record.id, reason: 'sanctions_match' },
      at,
    );
    return {
      data: { alertId: record.subjectId, customerBlocked: true },
      afterCommit: async () => {
        await deps.monitoring.setAlertStatus(record.subjectId, 'closed', `confirmed match (case ${record.id})`);
      },
    };
  };
}
