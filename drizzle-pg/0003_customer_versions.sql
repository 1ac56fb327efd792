CREATE TABLE "customer_versions" (
	"user_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
