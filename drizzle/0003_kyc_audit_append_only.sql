-- The KYC audit trail is append-only: the database itself refuses updates and deletes.
CREATE TRIGGER IF NOT EXISTS `kyc_audit_events_no_update` BEFORE UPDATE ON `kyc_audit_events`
BEGIN
	SELECT RAISE(ABORT, 'kyc_audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `kyc_audit_events_no_delete` BEFORE DELETE ON `kyc_audit_events`
BEGIN
	SELECT RAISE(ABORT, 'kyc_audit_events is append-only');
END;
