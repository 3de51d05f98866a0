CREATE TABLE "trading"."exchange_credentials" (
	"tenant_id" uuid NOT NULL,
	"exchange" text NOT NULL,
	"sandbox" boolean NOT NULL,
	"api_key" text NOT NULL,
	"secret" text NOT NULL,
	"password" text,
	"api_key_hint" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exchange_credentials_pk" PRIMARY KEY("tenant_id","exchange","sandbox")
);
--> statement-breakpoint
ALTER TABLE "trading"."exchange_credentials" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."exchange_markets" (
	"exchange" text NOT NULL,
	"sandbox" boolean NOT NULL,
	"markets" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exchange_markets_pk" PRIMARY KEY("exchange","sandbox")
);
--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."exchange_credentials" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);