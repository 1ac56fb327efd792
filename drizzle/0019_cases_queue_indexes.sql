-- The case queue (src/cases/queue.ts): every filter's index now ends in the queue's keyset order (created_at, seq),
-- so the queue filtered by assignee alone, by priority alone, by assignee and status, or by customer reads one
-- index range and never sorts. cases_decided is dropped: cases_decided_cover leads with decided_at and serves
-- everything it did.
-- cases_decided_cover and kyc_verifications_created were made by hand in 0012_reports_indexes.sql; they are now
-- declared in the schema (src/db/schema/cases.ts, kyc.ts) and drizzle-kit generated them again here: IF NOT EXISTS
-- (edited by hand) makes that a no-op on a database 0012 already indexed.
DROP INDEX IF EXISTS `cases_decided`;--> statement-breakpoint
DROP INDEX IF EXISTS `cases_assignee_status`;--> statement-breakpoint
DROP INDEX IF EXISTS `cases_user_time`;--> statement-breakpoint
CREATE INDEX `cases_assignee_time` ON `cases` (`assignee`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `cases_priority_time` ON `cases` (`priority`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `cases_decided_cover` ON `cases` (`decided_at`,`kind`,`outcome`,`created_at`,`subject_id`);--> statement-breakpoint
CREATE INDEX `cases_assignee_status` ON `cases` (`assignee`,`status`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `cases_user_time` ON `cases` (`user_id`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `kyc_verifications_created` ON `kyc_verifications` (`created_at`,`id`);
