-- Reports (src/reports): the KYC audit report pages verifications by (created_at, id) and the analytics scan a
-- creation-time range; the case figures read decided cases by decision time with the columns they need in the
-- index itself, so a quarter over a million cases is an index range scan, not a million row lookups.
-- Hand-written (drizzle-kit cannot add an index to another area's table from this one); portable SQL.
CREATE INDEX IF NOT EXISTS `kyc_verifications_created`
  ON `kyc_verifications` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `cases_decided_cover`
  ON `cases` (`decided_at`,`kind`,`outcome`,`created_at`,`subject_id`);
