CREATE TABLE "financial"."bank_connection_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"provider_account_id" text NOT NULL,
	"name" text,
	"currency" text,
	"iban" text,
	"balances" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"account_id" uuid,
	"last_synced_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_connection_accounts_tenant_id_id_unique" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "financial"."bank_connection_accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."bank_connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"environment" text NOT NULL,
	"status" text NOT NULL,
	"institution_id" text,
	"institution_name" text,
	"requisition_id" text,
	"consent_link" text,
	"access_sealed" text,
	"sync_interval_minutes" integer NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_connections_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "bank_connections_provider_check" CHECK (provider in ('gocardless', 'simplefin')),
	CONSTRAINT "bank_connections_environment_check" CHECK (environment in ('sandbox', 'live')),
	CONSTRAINT "bank_connections_status_check" CHECK (status in ('pending', 'linked', 'rejected', 'expired', 'error')),
	CONSTRAINT "bank_connections_interval_check" CHECK ("financial"."bank_connections"."sync_interval_minutes" >= 15)
);
--> statement-breakpoint
ALTER TABLE "financial"."bank_connections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."integration_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"environment" text DEFAULT 'sandbox' NOT NULL,
	"secrets_sealed" text,
	"secret_hint" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_settings_provider_check" CHECK (provider in ('gocardless', 'simplefin')),
	CONSTRAINT "integration_settings_environment_check" CHECK (environment in ('sandbox', 'live'))
);
--> statement-breakpoint
ALTER TABLE "financial"."integration_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."sync_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"account_id" uuid,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"lock_key" text,
	"date_from" date,
	"date_to" date,
	"fetched" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"next_attempt_at" timestamp with time zone,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_runs_trigger_check" CHECK (trigger in ('schedule', 'manual')),
	CONSTRAINT "sync_runs_status_check" CHECK (status in ('succeeded', 'failed', 'rate_limited'))
);
--> statement-breakpoint
ALTER TABLE "financial"."sync_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."bank_connection_accounts" ADD CONSTRAINT "bank_connection_accounts_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "financial"."bank_connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."bank_connection_accounts" ADD CONSTRAINT "bank_connection_accounts_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "financial"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."sync_runs" ADD CONSTRAINT "sync_runs_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "financial"."bank_connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_connection_accounts_provider_unique" ON "financial"."bank_connection_accounts" USING btree ("connection_id","provider_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_connection_accounts_account_unique" ON "financial"."bank_connection_accounts" USING btree ("account_id") WHERE "financial"."bank_connection_accounts"."account_id" is not null;--> statement-breakpoint
CREATE INDEX "bank_connections_tenant_idx" ON "financial"."bank_connections" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_settings_provider_unique" ON "financial"."integration_settings" USING btree ("tenant_id","provider");--> statement-breakpoint
CREATE INDEX "sync_runs_connection_idx" ON "financial"."sync_runs" USING btree ("tenant_id","connection_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."bank_connection_accounts" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."bank_connections" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."integration_settings" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."sync_runs" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);