CREATE TABLE `kyb_businesses` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`country` text NOT NULL,
	`lei` text,
	`status` text NOT NULL,
	`risk_level` text NOT NULL,
	`details_enc` text NOT NULL,
	`sanctions_screened` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kyb_businesses_business_id` ON `kyb_businesses` (`business_id`);--> statement-breakpoint
CREATE TABLE `kyb_persons` (
	`id` text PRIMARY KEY NOT NULL,
	`business_ref` text NOT NULL,
	`role` text NOT NULL,
	`ownership_basis_points` integer NOT NULL,
	`verification_required` integer NOT NULL,
	`person_enc` text NOT NULL,
	`verification_id` text,
	`user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_ref`) REFERENCES `kyb_businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyb_persons_business` ON `kyb_persons` (`business_ref`);--> statement-breakpoint
CREATE INDEX `kyb_persons_user` ON `kyb_persons` (`user_id`);--> statement-breakpoint
CREATE TABLE `kyb_sanctions_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`business_ref` text NOT NULL,
	`person_id` text,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`listed_name` text NOT NULL,
	`score` real NOT NULL,
	`explanation_enc` text,
	`cleared_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_ref`) REFERENCES `kyb_businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyb_sanctions_hits_business` ON `kyb_sanctions_hits` (`business_ref`);--> statement-breakpoint
ALTER TABLE `kyc_verifications` ADD `approved_at` integer;--> statement-breakpoint
ALTER TABLE `kyc_verifications` ADD `document_expires_on` text;--> statement-breakpoint
ALTER TABLE `kyc_verifications` ADD `reverification_opened_at` integer;--> statement-breakpoint
ALTER TABLE `kyc_verifications` ADD `reverification_limited_at` integer;--> statement-breakpoint
CREATE INDEX `kyc_verifications_approved` ON `kyc_verifications` (`status`,`approved_at`);