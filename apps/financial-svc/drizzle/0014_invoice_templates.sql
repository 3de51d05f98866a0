CREATE TABLE "financial"."invoice_template_runs" (
	"tenant_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"period" integer NOT NULL,
	"run_date" date NOT NULL,
	"invoice_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "financial"."invoice_template_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."invoice_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"client_id" uuid NOT NULL,
	"currency" char(3),
	"lines" jsonb NOT NULL,
	"discount_percent" numeric(9, 4) DEFAULT '0' NOT NULL,
	"notes" text,
	"payment_terms_days" integer,
	"interval_unit" text NOT NULL,
	"interval_count" integer NOT NULL,
	"start_date" date NOT NULL,
	"next_run_date" date,
	"end_date" date,
	"runs" integer DEFAULT 0 NOT NULL,
	"auto_issue" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_templates_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoice_templates_interval_unit_check" CHECK (interval_unit in ('day', 'month', 'quarter', 'year')),
	CONSTRAINT "invoice_templates_interval_count_check" CHECK ("financial"."invoice_templates"."interval_count" between 1 and 3650),
	CONSTRAINT "invoice_templates_end_date_check" CHECK ("financial"."invoice_templates"."end_date" is null or "financial"."invoice_templates"."end_date" >= "financial"."invoice_templates"."start_date")
);
--> statement-breakpoint
ALTER TABLE "financial"."invoice_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."invoice_template_runs" ADD CONSTRAINT "invoice_template_runs_template_fk" FOREIGN KEY ("tenant_id","template_id") REFERENCES "financial"."invoice_templates"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."invoice_template_runs" ADD CONSTRAINT "invoice_template_runs_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "financial"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."invoice_templates" ADD CONSTRAINT "invoice_templates_client_fk" FOREIGN KEY ("tenant_id","client_id") REFERENCES "financial"."counterparties"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_template_runs_period_unique" ON "financial"."invoice_template_runs" USING btree ("template_id","period");--> statement-breakpoint
CREATE INDEX "invoice_templates_due_idx" ON "financial"."invoice_templates" USING btree ("tenant_id","next_run_date");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."invoice_template_runs" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."invoice_templates" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);