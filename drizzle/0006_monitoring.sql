CREATE TABLE `monitored_customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`origin` text NOT NULL,
	`identity_enc` text,
	`verification_id` text,
	`name_keys` text NOT NULL,
	`active` integer NOT NULL,
	`last_screened_at` integer,
	`last_full_at` integer,
	`next_due_at` integer NOT NULL,
	`list_versions` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitored_customers_user` ON `monitored_customers` (`user_id`);--> statement-breakpoint
CREATE INDEX `monitored_customers_due` ON `monitored_customers` (`next_due_at`);--> statement-breakpoint
CREATE TABLE `monitoring_audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`action` text NOT NULL,
	`actor_id` text NOT NULL,
	`details` text NOT NULL,
	`reason_enc` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `monitoring_audit_events_user` ON `monitoring_audit_events` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `monitoring_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rescreen_alerts` (
	`alert_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`run_id` text,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`entity_name` text NOT NULL,
	`programs` text NOT NULL,
	`entity_hash` text NOT NULL,
	`list_version` text,
	`score` real NOT NULL,
	`explanation_enc` text NOT NULL,
	`cleared_entity_changed` integer NOT NULL,
	`status` text NOT NULL,
	`close_reason` text,
	`note` text,
	`detected_at` integer NOT NULL,
	`status_changed_at` integer
);
--> statement-breakpoint
CREATE INDEX `rescreen_alerts_user` ON `rescreen_alerts` (`user_id`,`detected_at`);--> statement-breakpoint
CREATE INDEX `rescreen_alerts_status_time` ON `rescreen_alerts` (`status`,`detected_at`);--> statement-breakpoint
CREATE INDEX `rescreen_alerts_entity` ON `rescreen_alerts` (`source`,`source_id`,`status`);--> statement-breakpoint
CREATE TABLE `screening_clearings` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`entity_hash` text NOT NULL,
	`reason_enc` text NOT NULL,
	`cleared_by` text NOT NULL,
	`cleared_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text
);
--> statement-breakpoint
CREATE INDEX `screening_clearings_pair` ON `screening_clearings` (`user_id`,`source`,`source_id`);--> statement-breakpoint
CREATE TABLE `screening_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`details` text NOT NULL,
	`list_versions` text NOT NULL,
	`due_before` integer,
	`cursor` integer NOT NULL,
	`customers_total` integer NOT NULL,
	`customers_checked` integer NOT NULL,
	`candidates` integer NOT NULL,
	`hits` integer NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `screening_runs_kind_status` ON `screening_runs` (`kind`,`status`);