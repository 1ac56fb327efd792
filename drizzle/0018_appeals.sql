CREATE TABLE `appeals` (
	`id` text PRIMARY KEY NOT NULL,
	`verification_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`reason_enc` text NOT NULL,
	`documents_enc` text NOT NULL,
	`document_count` integer NOT NULL,
	`escalated` integer NOT NULL,
	`priority` text NOT NULL,
	`lifetime_volume_usd` text NOT NULL,
	`case_id` text NOT NULL,
	`submitted_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`outcome` text,
	`notes_enc` text,
	`decided_by` text,
	`decided_at` integer,
	`reverification_id` text,
	FOREIGN KEY (`verification_id`) REFERENCES `kyc_verifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appeals_open_per_verification` ON `appeals` (`verification_id`) WHERE "appeals"."status" = 'pending_review';--> statement-breakpoint
CREATE INDEX `appeals_status_time` ON `appeals` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `appeals_time` ON `appeals` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `appeals_user` ON `appeals` (`user_id`,`created_at`);