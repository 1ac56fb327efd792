CREATE TABLE `kyc_audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`verification_id` text NOT NULL,
	`action` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`details` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `kyc_audit_events_verification` ON `kyc_audit_events` (`verification_id`,`id`);--> statement-breakpoint
CREATE TABLE `kyc_idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`request_fingerprint` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kyc_provider_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`verification_id` text NOT NULL,
	`provider` text NOT NULL,
	`outcome` text NOT NULL,
	`error_kind` text,
	`http_status` integer,
	`error_code` text,
	`duration_ms` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `kyc_provider_attempts_provider_created` ON `kyc_provider_attempts` (`provider`,`created_at`);--> statement-breakpoint
CREATE INDEX `kyc_provider_attempts_verification` ON `kyc_provider_attempts` (`verification_id`);--> statement-breakpoint
CREATE TABLE `kyc_sanctions_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`verification_id` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`listed_name` text NOT NULL,
	`score` real NOT NULL,
	`details` text NOT NULL,
	`explanation_enc` text,
	`manual_review_required` integer NOT NULL,
	`reviewer_notes_enc` text,
	`reviewed_by` text,
	`reviewed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`verification_id`) REFERENCES `kyc_verifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyc_sanctions_results_verification` ON `kyc_sanctions_results` (`verification_id`);--> statement-breakpoint
CREATE TABLE `kyc_verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`provider_ref` text NOT NULL,
	`status` text NOT NULL,
	`risk_level` text NOT NULL,
	`risk_reasons` text NOT NULL,
	`country` text NOT NULL,
	`applicant_enc` text NOT NULL,
	`redirect_url` text NOT NULL,
	`sanctions_screened` integer NOT NULL,
	`sanctions_hits` integer NOT NULL,
	`provider_result` text,
	`provider_decided_at` integer,
	`last_event_at` integer,
	`compliance_flags` text NOT NULL,
	`decision_reasons` text NOT NULL,
	`decided_by` text,
	`review_notes_enc` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kyc_verifications_provider_ref` ON `kyc_verifications` (`provider`,`provider_ref`);--> statement-breakpoint
CREATE INDEX `kyc_verifications_user` ON `kyc_verifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `kyc_verifications_status_expiry` ON `kyc_verifications` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `kyc_verifications_provider_created` ON `kyc_verifications` (`provider`,`created_at`);--> statement-breakpoint
CREATE TABLE `kyc_webhook_receipts` (
	`provider` text NOT NULL,
	`body_digest` text NOT NULL,
	`verification_id` text,
	`result` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kyc_webhook_receipts_key` ON `kyc_webhook_receipts` (`provider`,`body_digest`);