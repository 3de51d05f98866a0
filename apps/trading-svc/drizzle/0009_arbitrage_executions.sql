CREATE TYPE "trading"."arbitrage_execution_state" AS ENUM('first_leg_placed', 'second_leg_placed', 'completed', 'failed', 'unwinding', 'unwound', 'unwind_failed');--> statement-breakpoint
CREATE TABLE "trading"."arbitrage_execution_transitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "trading"."arbitrage_execution_transitions_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"execution_id" uuid NOT NULL,
	"from_state" "trading"."arbitrage_execution_state",
	"to_state" "trading"."arbitrage_execution_state" NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trading"."arbitrage_execution_transitions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."arbitrage_executions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"client_id" text,
	"opportunity_id" uuid,
	"symbol" text NOT NULL,
	"buy_exchange" text NOT NULL,
	"sell_exchange" text NOT NULL,
	"mode" text NOT NULL,
	"quantity" numeric NOT NULL,
	"buy_session_id" uuid NOT NULL,
	"sell_session_id" uuid NOT NULL,
	"buy_order_id" uuid NOT NULL,
	"sell_order_id" uuid,
	"unwind_order_id" uuid,
	"state" "trading"."arbitrage_execution_state" NOT NULL,
	"state_reason" text,
	"realized_pnl" numeric,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "arbitrage_executions_quantity_check" CHECK ("trading"."arbitrage_executions"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "trading"."arbitrage_executions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "trading"."arbitrage_execution_transitions" ADD CONSTRAINT "arbitrage_execution_transitions_execution_fk" FOREIGN KEY ("execution_id") REFERENCES "trading"."arbitrage_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "arbitrage_execution_transitions_execution_idx" ON "trading"."arbitrage_execution_transitions" USING btree ("execution_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "arbitrage_executions_client_key" ON "trading"."arbitrage_executions" USING btree ("tenant_id","client_id") WHERE "trading"."arbitrage_executions"."client_id" is not null;--> statement-breakpoint
CREATE INDEX "arbitrage_executions_list_idx" ON "trading"."arbitrage_executions" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "arbitrage_executions_buy_order_key" ON "trading"."arbitrage_executions" USING btree ("buy_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "arbitrage_executions_sell_order_key" ON "trading"."arbitrage_executions" USING btree ("sell_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "arbitrage_executions_unwind_order_key" ON "trading"."arbitrage_executions" USING btree ("unwind_order_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."arbitrage_execution_transitions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."arbitrage_executions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);