CREATE SCHEMA "fixture";
--> statement-breakpoint
CREATE TABLE "fixture"."event_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor" text,
	"tenant_id" uuid NOT NULL,
	"trace_id" text
);
--> statement-breakpoint
ALTER TABLE "fixture"."event_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "event_log_tenant_occurred_idx" ON "fixture"."event_log" USING btree ("tenant_id","occurred_at");--> statement-breakpoint
CREATE INDEX "event_log_aggregate_idx" ON "fixture"."event_log" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "fixture"."event_log" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);