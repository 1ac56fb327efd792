CREATE TABLE `screened_transactions` (
	`transaction_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`direction` text NOT NULL,
	`amount` text NOT NULL,
	`asset` text NOT NULL,
	`amount_usd` text NOT NULL,
	`counterparty_key` text,
	`counted` integer NOT NULL,
	`body_hash` text NOT NULL,
	`request` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `screened_transactions_user_time` ON `screened_transactions` (`user_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `transaction_alerts` (
	`alert_id` text PRIMARY KEY NOT NULL,
	`transaction_id` text NOT NULL,
	`user_id` text NOT NULL,
	`decision` text NOT NULL,
	`risk_score` real NOT NULL,
	`rule_hits` text NOT NULL,
	`aggregates` text NOT NULL,
	`detected_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`status_changed_at` integer,
	`note` text,
	FOREIGN KEY (`transaction_id`) REFERENCES `screened_transactions`(`transaction_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transaction_alerts_status_time` ON `transaction_alerts` (`status`,`detected_at`);--> statement-breakpoint
CREATE INDEX `transaction_alerts_user` ON `transaction_alerts` (`user_id`,`detected_at`);--> statement-breakpoint
CREATE TABLE `transaction_decisions` (
	`transaction_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`decision` text NOT NULL,
	`risk_score` real NOT NULL,
	`monitoring` text NOT NULL,
	`reason_codes` text NOT NULL,
	`response` text NOT NULL,
	`evaluated_at` integer NOT NULL,
	FOREIGN KEY (`transaction_id`) REFERENCES `screened_transactions`(`transaction_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transaction_decisions_user` ON `transaction_decisions` (`user_id`,`evaluated_at`);--> statement-breakpoint
CREATE TABLE `user_monitoring` (
	`user_id` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`since` integer NOT NULL,
	`transaction_id` text
);
