CREATE TABLE "trading"."arbitrage_watches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"exchanges" text[] NOT NULL,
	"threshold" numeric NOT NULL,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_scan_at" timestamp with time zone,
	"last_error" text,
	"open_opportunities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "arbitrage_watches_interval_check" CHECK ("trading"."arbitrage_watches"."interval_seconds" >= 10),
	CONSTRAINT "arbitrage_watches_exchanges_check" CHECK (cardinality("trading"."arbitrage_watches"."exchanges") >= 2)
);
--> statement-breakpoint
ALTER TABLE "trading"."arbitrage_watches" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "arbitrage_watches_list_idx" ON "trading"."arbitrage_watches" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."arbitrage_watches" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "arbitrage_watches_sweep" ON "trading"."arbitrage_watches" AS PERMISSIVE FOR SELECT TO current_user USING (true);