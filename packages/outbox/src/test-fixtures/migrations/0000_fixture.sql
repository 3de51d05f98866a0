CREATE SCHEMA "relay_fixture";
--> statement-breakpoint
CREATE TABLE "relay_fixture"."effects" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "relay_fixture"."effects_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"aggregate_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "relay_fixture"."effects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "relay_fixture"."inbox" (
	"consumer" text NOT NULL,
	"message_id" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_message_id_pk" PRIMARY KEY("consumer","message_id")
);
--> statement-breakpoint
ALTER TABLE "relay_fixture"."inbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "relay_fixture"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "relay_fixture"."outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"appended_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trace_id" text,
	"trace_parent" text,
	"payload" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"delivered_to" text[]
);
--> statement-breakpoint
ALTER TABLE "relay_fixture"."outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_position_idx" ON "relay_fixture"."outbox" USING btree ("position");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "relay_fixture"."outbox" USING btree ("position") WHERE "relay_fixture"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_aggregate_idx" ON "relay_fixture"."outbox" USING btree ("tenant_id","aggregate_type","aggregate_id","position");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "relay_fixture"."effects" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "relay_fixture"."inbox" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "relay_fixture"."outbox" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "outbox_relay" ON "relay_fixture"."outbox" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);