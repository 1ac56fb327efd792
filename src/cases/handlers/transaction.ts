/**
 * transaction: a held transaction (answered `review`) is released or rejected, which becomes its final outcome;
 * any other alert is cleared (escalation is the service's, not an outcome that ends the case).
 */
import { addLifetimeVolume } from '../../customers/lifetime-volume.ts';
import { InvalidInputError } from '../../errors.ts';
import { enqueueNotification } from '../../notifications/outbox.ts';
import { alertForCase, closeTransactionAlert, finishHeldTransaction } from '../../transactions/alerts.ts';
import { actorString, type OutcomeHandler } from '../outcomes.ts';

export interface TransactionOutcomeDeps {
  /** Drops the customer's in-memory risk state, so it is rebuilt without a rejected transaction. */
  forgetState: (userId: string) => void;
}

export function transactionOutcomeHandler(deps: TransactionOutcomeDeps): OutcomeHandler {
  return async ({ tx, record, input, actor, at }) => {
    const alert = await alertForCase(tx, record.subjectId);
    const held = alert.decision === 'review';
    const allowed = held ? ['release', 'reject'] : ['clear', 'escalate'];
    if (!allowed.includes(input.outcome))
      throw new InvalidInputError(
        held
          ? 'This transaction is held for review: its case is decided with release or reject.'
          : `This transaction was answered ${alert.decision}, not held: its case is decided with clear or escalate.`,
        [{ path: 'outcome', message: `one of ${allowed.join(', ')}` }],
      );
    const by = actorString(actor);
    const note = `${input.outcome} (case ${record.id})`;
    const ids = { transactionId: alert.transactionId, userId: alert.userId, caseId: record.id, alertId: alert.alertId };
    if (input.outcome === 'clear') {
      await closeTransactionAlert(tx, alert.alertId, note, at);
      return { data: { transactionId: alert.transactionId } };
    }
    const finalOutcome = input.outcome === 'release' ? 'released' : 'rejected';
    await finishHeldTransaction(tx, alert.transactionId, finalOutcome, by, at);
    await closeTransactionAlert(tx, alert.alertId, note, at);
    if (finalOutcome === 'released') {
      // Executed now: it counts in the customer's lifetime volume (approved transactions count when stored).
      await addLifetimeVolume(tx, alert.userId, alert.amountUsd, at);
      await enqueueNotification(tx, 'transaction.released', { ...ids, finalOutcome }, at);
      return { data: { transactionId: alert.transactionId, finalOutcome } };
    }
    await enqueueNotification(tx, 'transaction.rejected', { ...ids, finalOutcome }, at);
    return {
      data: { transactionId: alert.transactionId, finalOutcome },
      afterCommit: async () => deps.forgetState(alert.userId),
    };
  };
}
