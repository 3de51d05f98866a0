CREATE TABLE "financial"."invoice_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"matched_by" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_payments_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoice_payments_amount_check" CHECK ("financial"."invoice_payments"."amount" > 0),
	CONSTRAINT "invoice_payments_matched_by_check" CHECK (matched_by in ('auto', 'manual'))
);
--> statement-breakpoint
ALTER TABLE "financial"."invoice_payments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."payment_suggestions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_suggestions_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "payment_suggestions_reason_check" CHECK (reason in ('reference', 'amount_and_client', 'amount')),
	CONSTRAINT "payment_suggestions_status_check" CHECK (status in ('open', 'accepted', 'dismissed'))
);
--> statement-breakpoint
ALTER TABLE "financial"."payment_suggestions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."invoice_payments" ADD CONSTRAINT "invoice_payments_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "financial"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."invoice_payments" ADD CONSTRAINT "invoice_payments_transaction_fk" FOREIGN KEY ("tenant_id","transaction_id") REFERENCES "financial"."transactions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."payment_suggestions" ADD CONSTRAINT "payment_suggestions_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "financial"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."payment_suggestions" ADD CONSTRAINT "payment_suggestions_transaction_fk" FOREIGN KEY ("tenant_id","transaction_id") REFERENCES "financial"."transactions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_payments_invoice_transaction_unique" ON "financial"."invoice_payments" USING btree ("invoice_id","transaction_id");--> statement-breakpoint
CREATE INDEX "invoice_payments_transaction_idx" ON "financial"."invoice_payments" USING btree ("tenant_id","transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_suggestions_pair_unique" ON "financial"."payment_suggestions" USING btree ("invoice_id","transaction_id");--> statement-breakpoint
CREATE INDEX "payment_suggestions_open_idx" ON "financial"."payment_suggestions" USING btree ("tenant_id","created_at","id") WHERE "financial"."payment_suggestions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "payment_suggestions_transaction_idx" ON "financial"."payment_suggestions" USING btree ("tenant_id","transaction_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."invoice_payments" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."payment_suggestions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);