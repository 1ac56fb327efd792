CREATE TABLE `customers` (
	`user_id` text PRIMARY KEY NOT NULL,
	`kyc_status` text DEFAULT 'unverified' NOT NULL,
	`risk_level` text DEFAULT 'medium' NOT NULL,
	`country` text,
	`account_created_at` integer,
	`origin` text NOT NULL,
	`updated_at` integer NOT NULL
);
