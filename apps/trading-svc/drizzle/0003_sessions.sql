CREATE TYPE "trading"."session_mode" AS ENUM('paper', 'live');--> statement-breakpoint
CREATE TYPE "trading"."session_price_source" AS ENUM('live', 'replay');--> statement-breakpoint
CREATE TYPE "trading"."session_state" AS ENUM('Idle', 'Analyzing', 'Preparing', 'Live', 'Monitoring', 'Stopped', 'Error');--> statement-breakpoint
CREATE TABLE "trading"."paper_balances" (
	"tenant_id" uuid NOT NULL,
	"account" text NOT NULL,
	"asset" text NOT NULL,
	"free" numeric DEFAULT '0' NOT NULL,
	"used" numeric DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_balances_pk" PRIMARY KEY("tenant_id","account","asset"),
	CONSTRAINT "paper_balances_free_check" CHECK ("trading"."paper_balances"."free" >= 0),
	CONSTRAINT "paper_balances_used_check" CHECK ("trading"."paper_balances"."used" >= 0)
);
--> statement-breakpoint
ALTER TABLE "trading"."paper_balances" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."paper_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account" text NOT NULL,
	"client_order_id" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"quantity" numeric NOT NULL,
	"limit_price" numeric,
	"filled" numeric DEFAULT '0' NOT NULL,
	"average_price" numeric,
	"fee_cost" numeric,
	"fee_currency" text,
	"reserved_asset" text,
	"reserved" numeric DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "paper_orders_client_order_id_key" UNIQUE("tenant_id","account","client_order_id"),
	CONSTRAINT "paper_orders_quantity_check" CHECK ("trading"."paper_orders"."quantity" > 0),
	CONSTRAINT "paper_orders_reserved_check" CHECK ("trading"."paper_orders"."reserved" >= 0)
);
--> statement-breakpoint
ALTER TABLE "trading"."paper_orders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."session_transitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"from_state" "trading"."session_state",
	"to_state" "trading"."session_state" NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trading"."session_transitions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"strategy" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"exchange" text NOT NULL,
	"symbols" text[] NOT NULL,
	"timeframe" text NOT NULL,
	"mode" "trading"."session_mode" NOT NULL,
	"capital" numeric NOT NULL,
	"quote_asset" text NOT NULL,
	"price_source" "trading"."session_price_source" NOT NULL,
	"replay_from" timestamp with time zone,
	"replay_to" timestamp with time zone,
	"state" "trading"."session_state" DEFAULT 'Idle' NOT NULL,
	"state_reason" text,
	"stop_requested_at" timestamp with time zone,
	"warmup_from" timestamp with time zone,
	"last_candle_time" timestamp with time zone,
	"last_prices" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_tick_at" timestamp with time zone,
	"ticks" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trading"."sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "trading"."session_transitions" ADD CONSTRAINT "session_transitions_session_fk" FOREIGN KEY ("session_id") REFERENCES "trading"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paper_orders_open_idx" ON "trading"."paper_orders" USING btree ("tenant_id","account","symbol") WHERE "trading"."paper_orders"."status" = 'open';--> statement-breakpoint
CREATE INDEX "session_transitions_session_idx" ON "trading"."session_transitions" USING btree ("session_id","at");--> statement-breakpoint
CREATE INDEX "sessions_list_idx" ON "trading"."sessions" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sessions_active_idx" ON "trading"."sessions" USING btree ("state") WHERE "trading"."sessions"."state" not in ('Stopped', 'Error');--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."paper_balances" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."paper_orders" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."session_transitions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."sessions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "sessions_sweep" ON "trading"."sessions" AS PERMISSIVE FOR SELECT TO current_user USING (true);