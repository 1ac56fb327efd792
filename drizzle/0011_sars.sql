CREATE TABLE `sars` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`version` integer NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`detected_at` integer NOT NULL,
	`filing_due_at` integer NOT NULL,
	`continuing_review_at` integer NOT NULL,
	`subject_identified` integer NOT NULL,
	`content_enc` text NOT NULL,
	`created_by` text NOT NULL,
	`officer` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sars_case_version` ON `sars` (`case_id`,`version`);--> statement-breakpoint
CREATE INDEX `sars_due` ON `sars` (`filing_due_at`);