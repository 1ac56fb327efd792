ALTER TABLE `kyc_verifications` ADD `lists_provenance` text;--> statement-breakpoint
CREATE INDEX `kyc_idempotency_keys_created` ON `kyc_idempotency_keys` (`state`,`created_at`);