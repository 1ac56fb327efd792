-- The monitoring audit trail (clearings, revocations, level changes, stops) is append-only: the database itself
-- refuses updates and deletes, as for the KYC audit (0003). PostgreSQL equivalent: docs/monitoring.md.
CREATE TRIGGER IF NOT EXISTS `monitoring_audit_events_no_update` BEFORE UPDATE ON `monitoring_audit_events`
BEGIN
	SELECT RAISE(ABORT, 'monitoring_audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `monitoring_audit_events_no_delete` BEFORE DELETE ON `monitoring_audit_events`
BEGIN
	SELECT RAISE(ABORT, 'monitoring_audit_events is append-only');
END;
