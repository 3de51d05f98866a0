CREATE TABLE "trading"."arbitrage_opportunities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"buy_exchange" text NOT NULL,
	"sell_exchange" text NOT NULL,
	"buy_price" numeric NOT NULL,
	"sell_price" numeric NOT NULL,
	"buy_fee" numeric NOT NULL,
	"sell_fee" numeric NOT NULL,
	"net_spread" numeric NOT NULL,
	"max_quantity" numeric NOT NULL,
	"net_profit" numeric NOT NULL,
	"threshold" numeric NOT NULL,
	"found_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trading"."arbitrage_opportunities" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "arbitrage_opportunities_found_idx" ON "trading"."arbitrage_opportunities" USING btree ("tenant_id","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."arbitrage_opportunities" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);