CREATE TABLE "financial"."rule_evaluations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_evaluations_trigger_check" CHECK ("financial"."rule_evaluations"."trigger" in ('ingest', 'edit', 'manual'))
);
--> statement-breakpoint
ALTER TABLE "financial"."rule_evaluations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."rule_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"stop_processing" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_groups_tenant_id_id_unique" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "financial"."rule_groups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"match" text DEFAULT 'all' NOT NULL,
	"conditions" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"triggers" text[] NOT NULL,
	"stop_processing" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rules_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "rules_match_check" CHECK ("financial"."rules"."match" in ('all', 'any')),
	CONSTRAINT "rules_triggers_check" CHECK ("financial"."rules"."triggers" <@ array['ingest', 'edit', 'manual']::text[] and cardinality("financial"."rules"."triggers") > 0)
);
--> statement-breakpoint
ALTER TABLE "financial"."rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."rule_evaluations" ADD CONSTRAINT "rule_evaluations_transaction_fk" FOREIGN KEY ("tenant_id","transaction_id") REFERENCES "financial"."transactions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial"."rules" ADD CONSTRAINT "rules_group_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "financial"."rule_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rule_evaluations_rule_idx" ON "financial"."rule_evaluations" USING btree ("tenant_id","rule_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rule_evaluations_transaction_idx" ON "financial"."rule_evaluations" USING btree ("tenant_id","transaction_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rule_evaluations_run_idx" ON "financial"."rule_evaluations" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "rule_groups_position_idx" ON "financial"."rule_groups" USING btree ("tenant_id","position");--> statement-breakpoint
CREATE INDEX "rules_group_position_idx" ON "financial"."rules" USING btree ("group_id","position");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."rule_evaluations" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."rule_groups" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."rules" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);