CREATE TABLE `list_sources` (
	`source` text PRIMARY KEY NOT NULL,
	`published_at` text,
	`checksums` text NOT NULL,
	`etags` text DEFAULT '{}' NOT NULL,
	`entities` integer NOT NULL,
	`names` integer NOT NULL,
	`loaded_at` integer NOT NULL,
	`origin` text NOT NULL,
	`last_attempt_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`user_id` text PRIMARY KEY NOT NULL,
	`kyc_status` text DEFAULT 'unverified' NOT NULL,
	`risk_level` text DEFAULT 'medium' NOT NULL,
	`country` text,
	`account_created_at` integer,
	`origin` text NOT NULL,
	`updated_at` integer NOT NULL
);
