CREATE TABLE "financial"."csv_presets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"bank" text,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "csv_presets_tenant_id_id_unique" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "financial"."csv_presets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "financial"."imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"format" text NOT NULL,
	"file_name" text,
	"file" "bytea" NOT NULL,
	"mapping" jsonb,
	"preset_id" text,
	"detected" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total_rows" integer NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"duplicate_count" integer DEFAULT 0 NOT NULL,
	"replaced_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imports_tenant_id_id_unique" UNIQUE("tenant_id","id"),
	CONSTRAINT "imports_format_check" CHECK (format in ('csv', 'ofx', 'qif', 'camt053')),
	CONSTRAINT "imports_status_check" CHECK (status in ('queued', 'running', 'completed', 'failed')),
	CONSTRAINT "imports_progress_check" CHECK (processed_rows between 0 and total_rows)
);
--> statement-breakpoint
ALTER TABLE "financial"."imports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "financial"."imports" ADD CONSTRAINT "imports_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "financial"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "csv_presets_name_unique" ON "financial"."csv_presets" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "imports_list_idx" ON "financial"."imports" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."csv_presets" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "financial"."imports" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);