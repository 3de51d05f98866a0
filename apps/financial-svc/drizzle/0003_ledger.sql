CREATE TABLE "financial"."accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"currency" char(3) NOT NULL,
	"opening_balance" numeric(20, 4) DEFAULT '0' NOT NULL,
	"opening_date" date,
	"iban" text,
	"account_number" text,
	"institution" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "accounts_type_check" CHECK (type in ('checking', 'savings', 'credit_card', 'cash', 'brokerage', 'loan'))
);
--> statement-breakpoint
ALTER TABLE "financial"."accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "categories_kind_check" CHECK (kind in ('income', 'expense')),
	CONSTRAINT "categories_not_own_parent" CHECK ("financial"."categories"."parent_id" <> "financial"."categories"."id")
);
--> statement-breakpoint
ALTER TABLE "financial"."categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."counterparties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'payee' NOT NULL,
	"iban" text,
	"email" text,
	"tax_id" text,
	"notes" text,
	"address" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "counterparties_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "counterparties_kind_check" CHECK (kind in ('payee', 'vendor', 'client'))
);
--> statement-breakpoint
ALTER TABLE "financial"."counterparties" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."tags" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tags_tenant_id_id_unique" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "financial"."tags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."transaction_splits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"category_id" uuid,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "financial"."transaction_splits" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."transaction_tags" (
	"tenant_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transaction_tags_transaction_id_tag_id_pk" PRIMARY KEY("transaction_id","tag_id")
);
--> statement-breakpoint
ALTER TABLE "financial"."transaction_tags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"booking_date" date NOT NULL,
	"value_date" date,
	"amount" numeric(20, 4) NOT NULL,
	"currency" char(3) NOT NULL,
	"original_amount" numeric(20, 4),
	"original_currency" char(3),
	"counterparty_id" uuid,
	"counterparty_name" text,
	"description" text DEFAULT '' NOT NULL,
	"notes" text,
	"category_id" uuid,
	"category_provenance" text,
	"category_rule_id" uuid,
	"status" text DEFAULT 'booked' NOT NULL,
	"external_id" text,
	"content_hash" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"import_id" uuid,
	"transfer_id" uuid,
	"replaced_by_id" uuid,
	"deleted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_text" text GENERATED ALWAYS AS (coalesce(description, '') || ' ' || coalesce(counterparty_name, '') || ' ' || coalesce(notes, '')) STORED NOT NULL,
	CONSTRAINT "transactions_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "transactions_status_check" CHECK (status in ('pending', 'booked')),
	CONSTRAINT "transactions_source_check" CHECK (source in ('manual', 'import', 'gocardless', 'simplefin')),
	CONSTRAINT "transactions_provenance_check" CHECK (category_provenance is null or category_provenance in ('rule', 'history', 'ai', 'user')),
	CONSTRAINT "transactions_rule_provenance_check" CHECK (category_rule_id is null or category_provenance = 'rule'),
	CONSTRAINT "transactions_original_amount_check" CHECK ((original_amount is null) = (original_currency is null))
);
--> statement-breakpoint
ALTER TABLE "financial"."transactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."categories" ADD CONSTRAINT "categories_parent_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "financial"."categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transaction_splits" ADD CONSTRAINT "transaction_splits_transaction_fk" FOREIGN KEY ("tenant_id","transaction_id") REFERENCES "financial"."transactions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transaction_splits" ADD CONSTRAINT "transaction_splits_category_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "financial"."categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transaction_tags" ADD CONSTRAINT "transaction_tags_transaction_fk" FOREIGN KEY ("tenant_id","transaction_id") REFERENCES "financial"."transactions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transaction_tags" ADD CONSTRAINT "transaction_tags_tag_fk" FOREIGN KEY ("tenant_id","tag_id") REFERENCES "financial"."tags"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transactions" ADD CONSTRAINT "transactions_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "financial"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transactions" ADD CONSTRAINT "transactions_category_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "financial"."categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transactions" ADD CONSTRAINT "transactions_counterparty_fk" FOREIGN KEY ("tenant_id","counterparty_id") REFERENCES "financial"."counterparties"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."transactions" ADD CONSTRAINT "transactions_replaced_by_fk" FOREIGN KEY ("tenant_id","replaced_by_id") REFERENCES "financial"."transactions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_tenant_name_idx" ON "financial"."accounts" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_sibling_name_unique" ON "financial"."categories" USING btree ("tenant_id",coalesce("parent_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "counterparties_name_unique" ON "financial"."counterparties" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "tags_name_unique" ON "financial"."tags" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "transaction_splits_position_unique" ON "financial"."transaction_splits" USING btree ("transaction_id","position");--> statement-breakpoint
CREATE INDEX "transaction_splits_category_idx" ON "financial"."transaction_splits" USING btree ("tenant_id","category_id");--> statement-breakpoint
CREATE INDEX "transaction_tags_tag_idx" ON "financial"."transaction_tags" USING btree ("tenant_id","tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_external_id_unique" ON "financial"."transactions" USING btree ("account_id","external_id") WHERE "financial"."transactions"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_content_hash_unique" ON "financial"."transactions" USING btree ("account_id","content_hash") WHERE "financial"."transactions"."content_hash" is not null;--> statement-breakpoint
CREATE INDEX "transactions_list_idx" ON "financial"."transactions" USING btree ("tenant_id","booking_date" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_account_list_idx" ON "financial"."transactions" USING btree ("account_id","booking_date" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_match_idx" ON "financial"."transactions" USING btree ("account_id","amount","booking_date");--> statement-breakpoint
CREATE INDEX "transactions_category_idx" ON "financial"."transactions" USING btree ("tenant_id","category_id");--> statement-breakpoint
CREATE INDEX "transactions_counterparty_idx" ON "financial"."transactions" USING btree ("tenant_id","counterparty_id");--> statement-breakpoint
CREATE INDEX "transactions_transfer_idx" ON "financial"."transactions" USING btree ("transfer_id") WHERE "financial"."transactions"."transfer_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_import_idx" ON "financial"."transactions" USING btree ("import_id") WHERE "financial"."transactions"."import_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_search_idx" ON "financial"."transactions" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."accounts" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."categories" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."counterparties" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."tags" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."transaction_splits" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."transaction_tags" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."transactions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);