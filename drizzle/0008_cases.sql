CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`officer` text,
	`data` text NOT NULL,
	`text_enc` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`priority` text NOT NULL,
	`priority_rank` integer NOT NULL,
	`user_id` text NOT NULL,
	`subject_id` text NOT NULL,
	`summary` text NOT NULL,
	`assignee` text,
	`escalated` integer NOT NULL,
	`created_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`outcome` text,
	`decision_reason` text,
	`decided_by` text,
	`decided_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_subject` ON `cases` (`kind`,`subject_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_seq` ON `cases` (`seq`);--> statement-breakpoint
CREATE INDEX `cases_status_time` ON `cases` (`status`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `cases_kind_status_time` ON `cases` (`kind`,`status`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `cases_assignee_status` ON `cases` (`assignee`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_user_time` ON `cases` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_time` ON `cases` (`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `cases_decided` ON `cases` (`decided_at`);