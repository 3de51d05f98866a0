-- Counterparty memory for auto-categorization (packages/financial-domain/src/repositories/categoryHistory.ts):
-- the latest categorized transactions of one counterparty, found by its normalized written name.
-- The expression must stay identical to COUNTERPARTY_KEY there, or the planner cannot use the index.
-- Not declared in the Drizzle schema: Drizzle cannot express an index on an expression of this table
-- from outside ledger.ts, and this index belongs to categorization.
CREATE INDEX IF NOT EXISTS "transactions_counterparty_key_idx" ON "financial"."transactions"
  ("tenant_id", lower(regexp_replace(btrim("counterparty_name"), '\s+', ' ', 'g')), "booking_date" DESC)
  WHERE "deleted_at" IS NULL AND "category_id" IS NOT NULL;
