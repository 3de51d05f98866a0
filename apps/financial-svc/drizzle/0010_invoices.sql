CREATE TABLE "financial"."invoice_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"description" text NOT NULL,
	"unit" text,
	"quantity" numeric(20, 4) NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"tax_rate" numeric(9, 4) NOT NULL,
	"discount_percent" numeric(9, 4) DEFAULT '0' NOT NULL,
	"net_amount" numeric(20, 4) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "financial"."invoice_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."invoice_number_series" (
	"tenant_id" uuid NOT NULL,
	"series" text NOT NULL,
	"last_number" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_number_series_tenant_id_series_pk" PRIMARY KEY("tenant_id","series")
);
--> statement-breakpoint
ALTER TABLE "financial"."invoice_number_series" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."invoice_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"seller_name" text NOT NULL,
	"seller_address" jsonb,
	"seller_tax_id" text,
	"seller_email" text,
	"iban" text,
	"bic" text,
	"payment_instructions" text,
	"default_currency" char(3) NOT NULL,
	"default_payment_terms_days" integer DEFAULT 30 NOT NULL,
	"invoice_number_prefix" text DEFAULT 'INV-{YYYY}-' NOT NULL,
	"credit_note_number_prefix" text DEFAULT 'CN-{YYYY}-' NOT NULL,
	"logo" text,
	"logo_media_type" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_settings_logo_check" CHECK ((logo is null) = (logo_media_type is null))
);
--> statement-breakpoint
ALTER TABLE "financial"."invoice_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."invoices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text DEFAULT 'invoice' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"series" text,
	"sequence" integer,
	"number" text,
	"client_id" uuid NOT NULL,
	"credited_invoice_id" uuid,
	"currency" char(3) NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"notes" text,
	"discount_percent" numeric(9, 4) DEFAULT '0' NOT NULL,
	"subtotal" numeric(20, 4) DEFAULT '0' NOT NULL,
	"discount_amount" numeric(20, 4) DEFAULT '0' NOT NULL,
	"net_total" numeric(20, 4) DEFAULT '0' NOT NULL,
	"tax_total" numeric(20, 4) DEFAULT '0' NOT NULL,
	"total" numeric(20, 4) DEFAULT '0' NOT NULL,
	"tax_breakdown" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"amount_paid" numeric(20, 4) DEFAULT '0' NOT NULL,
	"paid_at" timestamp with time zone,
	"seller" jsonb,
	"client" jsonb,
	"issued_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoices_kind_check" CHECK (kind in ('invoice', 'credit_note')),
	CONSTRAINT "invoices_status_check" CHECK (status in ('draft', 'issued', 'paid', 'void')),
	CONSTRAINT "invoices_number_check" CHECK ((status = 'draft') = (number is null) and (number is null) = (sequence is null) and (number is null) = (series is null)),
	CONSTRAINT "invoices_credit_note_check" CHECK ((kind = 'credit_note') = (credited_invoice_id is not null)),
	CONSTRAINT "invoices_due_date_check" CHECK ("financial"."invoices"."due_date" >= "financial"."invoices"."issue_date")
);
--> statement-breakpoint
ALTER TABLE "financial"."invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"unit" text,
	"unit_price" numeric(20, 4) NOT NULL,
	"currency" char(3) NOT NULL,
	"tax_rate" numeric(9, 4) DEFAULT '0' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "products_tax_rate_check" CHECK ("financial"."products"."tax_rate" >= 0 and "financial"."products"."tax_rate" <= 100)
);
--> statement-breakpoint
ALTER TABLE "financial"."products" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."counterparties" ADD COLUMN "currency" char(3);--> statement-breakpoint
ALTER TABLE "financial"."counterparties" ADD COLUMN "payment_terms_days" integer;--> statement-breakpoint
ALTER TABLE "financial"."invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "financial"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."invoice_lines" ADD CONSTRAINT "invoice_lines_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "financial"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."invoices" ADD CONSTRAINT "invoices_client_fk" FOREIGN KEY ("tenant_id","client_id") REFERENCES "financial"."counterparties"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."invoices" ADD CONSTRAINT "invoices_credited_fk" FOREIGN KEY ("tenant_id","credited_invoice_id") REFERENCES "financial"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_position_unique" ON "financial"."invoice_lines" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE INDEX "invoice_lines_product_idx" ON "financial"."invoice_lines" USING btree ("tenant_id","product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_series_sequence_unique" ON "financial"."invoices" USING btree ("tenant_id","series","sequence") WHERE "financial"."invoices"."sequence" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_unique" ON "financial"."invoices" USING btree ("tenant_id","number") WHERE "financial"."invoices"."number" is not null;--> statement-breakpoint
CREATE INDEX "invoices_list_idx" ON "financial"."invoices" USING btree ("tenant_id","issue_date" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "invoices_client_idx" ON "financial"."invoices" USING btree ("tenant_id","client_id");--> statement-breakpoint
CREATE INDEX "invoices_open_idx" ON "financial"."invoices" USING btree ("tenant_id","due_date") WHERE "financial"."invoices"."status" = 'issued';--> statement-breakpoint
CREATE UNIQUE INDEX "products_name_unique" ON "financial"."products" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
ALTER TABLE "financial"."counterparties" ADD CONSTRAINT "counterparties_payment_terms_check" CHECK ("financial"."counterparties"."payment_terms_days" is null or "financial"."counterparties"."payment_terms_days" between 0 and 3650);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."invoice_lines" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."invoice_number_series" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."invoice_settings" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."invoices" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."products" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);