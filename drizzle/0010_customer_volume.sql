CREATE TABLE `customer_volume` (
	`user_id` text PRIMARY KEY NOT NULL,
	`usd` integer NOT NULL,
	`fraction` integer NOT NULL,
	`updated_at` integer NOT NULL
);
