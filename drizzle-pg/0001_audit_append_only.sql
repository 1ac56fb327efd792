-- The KYC and monitoring audit trails are append-only: the database itself refuses updates and deletes.
-- The PostgreSQL form of drizzle/0003_kyc_audit_append_only.sql and drizzle/0015_monitoring_audit_append_only.sql
-- (hand-written: drizzle-kit does not describe triggers).
CREATE FUNCTION kyc_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'kyc_audit_events is append-only'; END $$;--> statement-breakpoint
CREATE TRIGGER kyc_audit_events_no_update_delete BEFORE UPDATE OR DELETE ON kyc_audit_events
  FOR EACH ROW EXECUTE FUNCTION kyc_audit_events_append_only();--> statement-breakpoint
CREATE FUNCTION monitoring_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'monitoring_audit_events is append-only'; END $$;--> statement-breakpoint
CREATE TRIGGER monitoring_audit_events_no_update_delete BEFORE UPDATE OR DELETE ON monitoring_audit_events
  FOR EACH ROW EXECUTE FUNCTION monitoring_audit_events_append_only();
