CREATE TYPE "trading"."order_failure_reason" AS ENUM('rejected', 'timeout', 'error');--> statement-breakpoint
CREATE TYPE "trading"."reservation_status" AS ENUM('held', 'consumed', 'released');--> statement-breakpoint
CREATE TYPE "trading"."order_saga_state" AS ENUM('requested', 'reserved', 'placed', 'filled', 'compensating', 'failed');--> statement-breakpoint
CREATE TABLE "trading"."orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"exchange" text NOT NULL,
	"mode" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"quantity" numeric NOT NULL,
	"limit_price" numeric,
	"saga_state" "trading"."order_saga_state" DEFAULT 'requested' NOT NULL,
	"exchange_order_id" text,
	"filled_quantity" numeric DEFAULT '0' NOT NULL,
	"average_price" numeric,
	"fee" numeric,
	"fee_currency" text,
	"failure_reason" "trading"."order_failure_reason",
	"failure_detail" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"timeout_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "orders_quantity_check" CHECK ("trading"."orders"."quantity" > 0),
	CONSTRAINT "orders_filled_quantity_check" CHECK ("trading"."orders"."filled_quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "trading"."orders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."positions" (
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"quantity" numeric DEFAULT '0' NOT NULL,
	"average_entry_price" numeric DEFAULT '0' NOT NULL,
	"realized_pnl" numeric DEFAULT '0' NOT NULL,
	"fees_paid" numeric DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "positions_pk" PRIMARY KEY("session_id","symbol")
);
--> statement-breakpoint
ALTER TABLE "trading"."positions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"asset" text NOT NULL,
	"amount" numeric NOT NULL,
	"status" "trading"."reservation_status" DEFAULT 'held' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reservations_amount_check" CHECK ("trading"."reservations"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "trading"."reservations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."session_balances" (
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"asset" text NOT NULL,
	"free" numeric DEFAULT '0' NOT NULL,
	"reserved" numeric DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_balances_pk" PRIMARY KEY("session_id","asset"),
	CONSTRAINT "session_balances_free_check" CHECK ("trading"."session_balances"."free" >= 0),
	CONSTRAINT "session_balances_reserved_check" CHECK ("trading"."session_balances"."reserved" >= 0)
);
--> statement-breakpoint
ALTER TABLE "trading"."session_balances" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."trades" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"quantity" numeric NOT NULL,
	"price" numeric NOT NULL,
	"fee" numeric NOT NULL,
	"fee_currency" text NOT NULL,
	"executed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trading"."trades" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "orders_session_idx" ON "trading"."orders" USING btree ("tenant_id","session_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_open_idx" ON "trading"."orders" USING btree ("tenant_id","session_id") WHERE "trading"."orders"."saga_state" not in ('filled', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "reservations_order_key" ON "trading"."reservations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "reservations_held_idx" ON "trading"."reservations" USING btree ("tenant_id","expires_at") WHERE "trading"."reservations"."status" = 'held';--> statement-breakpoint
CREATE UNIQUE INDEX "trades_order_key" ON "trading"."trades" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "trades_session_idx" ON "trading"."trades" USING btree ("tenant_id","session_id","executed_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."orders" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."positions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."reservations" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."session_balances" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."trades" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);