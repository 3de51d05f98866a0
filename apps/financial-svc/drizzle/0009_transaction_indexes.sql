-- Indexes of financial.transactions, measured as the service's runtime role (row-level security
-- applies: only leakproof conditions can be index conditions, and numeric comparisons, ILIKE,
-- lower() and regexp_replace() are not). See docs/financial.md, "Indexes".
-- * transactions_match_idx (account_id, amount, booking_date) and the trigram transactions_search_idx
--   were never used by the service (amount and ILIKE conditions stay filters), only maintained on
--   every insert: dropped.
-- * Counterparty memory groups by a normalized written counterparty: now a stored generated column
--   (counterparty_key), so its equality is an index condition; 0008's expression index could not be
--   one, and lookups read the whole tenant. Both history indexes hold the lookup's exact order
--   (booking date, creation, id, newest first), so a lookup reads its few rows and stops.
DROP INDEX "financial"."transactions_match_idx";--> statement-breakpoint
DROP INDEX "financial"."transactions_search_idx";--> statement-breakpoint
ALTER TABLE "financial"."transactions" ADD COLUMN "counterparty_key" text GENERATED ALWAYS AS (nullif(lower(regexp_replace(btrim(counterparty_name), '\s+', ' ', 'g')), '')) STORED;--> statement-breakpoint
CREATE INDEX "transactions_history_name_idx" ON "financial"."transactions" USING btree ("tenant_id","counterparty_key","booking_date" DESC NULLS LAST,"created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "financial"."transactions"."deleted_at" is null and "financial"."transactions"."category_id" is not null and "financial"."transactions"."counterparty_key" is not null;--> statement-breakpoint
CREATE INDEX "transactions_history_counterparty_idx" ON "financial"."transactions" USING btree ("tenant_id","counterparty_id","booking_date" DESC NULLS LAST,"created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "financial"."transactions"."deleted_at" is null and "financial"."transactions"."category_id" is not null and "financial"."transactions"."counterparty_id" is not null;--> statement-breakpoint
DROP INDEX IF EXISTS "financial"."transactions_counterparty_key_idx";
