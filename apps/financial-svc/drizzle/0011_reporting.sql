CREATE TABLE "financial"."budgets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"category_id" uuid NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"rollover" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_amount_not_negative" CHECK ("financial"."budgets"."amount" >= 0),
	CONSTRAINT "budgets_month_first_day" CHECK (extract(day from "financial"."budgets"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "financial"."budgets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."exchange_rates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"date" date NOT NULL,
	"base_currency" char(3) NOT NULL,
	"quote_currency" char(3) NOT NULL,
	"rate" numeric(24, 10) NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rates_rate_positive" CHECK ("financial"."exchange_rates"."rate" > 0),
	CONSTRAINT "exchange_rates_distinct_pair" CHECK ("financial"."exchange_rates"."base_currency" <> "financial"."exchange_rates"."quote_currency"),
	CONSTRAINT "exchange_rates_source_check" CHECK (source in ('manual', 'ecb'))
);
--> statement-breakpoint
ALTER TABLE "financial"."exchange_rates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"base_currency" char(3) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "financial"."settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."budgets" ADD CONSTRAINT "budgets_category_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "financial"."categories"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_month_category_unique" ON "financial"."budgets" USING btree ("tenant_id","month","category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_rates_pair_date_unique" ON "financial"."exchange_rates" USING btree ("tenant_id","base_currency","quote_currency","date");--> statement-breakpoint
CREATE INDEX "exchange_rates_list_idx" ON "financial"."exchange_rates" USING btree ("tenant_id","date" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."budgets" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."exchange_rates" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."settings" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);