CREATE TABLE `case_rules` (
	`case_id` text NOT NULL,
	`rule` text NOT NULL,
	`decided_at` integer NOT NULL,
	`outcome` text,
	PRIMARY KEY(`case_id`, `rule`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_rules_decided` ON `case_rules` (`decided_at`,`rule`,`outcome`);--> statement-breakpoint
ALTER TABLE `kyc_verifications` ADD `first_decided_at` integer;--> statement-breakpoint
ALTER TABLE `kyc_verifications` ADD `manual_review_at` integer;--> statement-breakpoint
CREATE INDEX `kyc_verifications_analytics` ON `kyc_verifications` (`created_at`,`provider`,`status`,`decided_by`,`first_decided_at`,`manual_review_at`);--> statement-breakpoint
-- Backfill (hand-written, portable SQL: correlated MIN, CTE over VALUES, LIKE). Each verification's first
-- decision and first manual review, as the KYC analytics derived them from the append-only audit trail.
UPDATE `kyc_verifications` SET `first_decided_at` = (SELECT MIN(a.created_at) FROM `kyc_audit_events` a
  WHERE a.verification_id = `kyc_verifications`.`id` AND a.to_status IN ('approved', 'rejected', 'resubmission_requested'));--> statement-breakpoint
UPDATE `kyc_verifications` SET `manual_review_at` = (SELECT MIN(a.created_at) FROM `kyc_audit_events` a
  WHERE a.verification_id = `kyc_verifications`.`id` AND a.to_status = 'manual_review');--> statement-breakpoint
-- The rule codes of every decided transaction case, with its decision's time and outcome, matched on its alert's
-- rule-hit JSON exactly as the report did before this table (`"code":"<code>"` for each reason code of src/risk/reasons.ts).
INSERT INTO `case_rules` (`case_id`, `rule`, `decided_at`, `outcome`)
WITH codes(code) AS (VALUES ('sanctions.wallet'), ('sanctions.counterparty_name'), ('sanctions.customer'), ('geo.sanctioned_jurisdiction'), ('geo.high_risk_jurisdiction'), ('kyc.rejected'), ('kyc.unverified'), ('limits.single_transaction'), ('limits.daily_volume'), ('velocity.daily_volume'), ('velocity.daily_count'), ('velocity.burst'), ('aml.structuring'), ('aml.rapid_movement'), ('aml.fan_in'), ('aml.fan_out'), ('aml.new_account_high_value'), ('aml.dormant_reactivation'), ('travel_rule.incomplete'), ('travel_rule.unhosted_wallet'), ('travel_rule.too_many_names'), ('input.obfuscated_name'))
SELECT c.id, codes.code, c.decided_at, c.outcome
FROM `cases` c
JOIN `transaction_alerts` a ON a.alert_id = c.subject_id
JOIN codes ON a.rule_hits LIKE '%"code":"' || codes.code || '"%'
WHERE c.kind = 'transaction' AND c.decided_at IS NOT NULL;
