ALTER TABLE `transaction_decisions` ADD `final_outcome` text;--> statement-breakpoint
ALTER TABLE `transaction_decisions` ADD `decided_by` text;--> statement-breakpoint
ALTER TABLE `transaction_decisions` ADD `decided_at` integer;