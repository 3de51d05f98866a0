CREATE TYPE "trading"."backtest_kind" AS ENUM('single', 'sweep', 'walk-forward');--> statement-breakpoint
CREATE TYPE "trading"."backtest_role" AS ENUM('grid-point', 'in-sample', 'out-of-sample');--> statement-breakpoint
CREATE TYPE "trading"."backtest_status" AS ENUM('queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "trading"."backtests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"parent_id" uuid,
	"kind" "trading"."backtest_kind" NOT NULL,
	"role" "trading"."backtest_role",
	"window_index" integer,
	"status" "trading"."backtest_status" DEFAULT 'queued' NOT NULL,
	"strategy" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"exchange" text NOT NULL,
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"range_from" timestamp with time zone NOT NULL,
	"range_to" timestamp with time zone NOT NULL,
	"initial_capital" numeric NOT NULL,
	"fee" double precision NOT NULL,
	"slippage" double precision NOT NULL,
	"sweep" jsonb,
	"walk_forward" jsonb,
	"rank_by" text,
	"processed_candles" integer DEFAULT 0 NOT NULL,
	"total_candles" integer NOT NULL,
	"error" text,
	"metrics" jsonb,
	"trades" jsonb,
	"equity_curve" jsonb,
	"ranking" jsonb,
	"windows" jsonb,
	"aggregate" jsonb,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "trading"."backtests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "trading"."candles" (
	"tenant_id" uuid NOT NULL,
	"exchange" text NOT NULL,
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"open" double precision NOT NULL,
	"high" double precision NOT NULL,
	"low" double precision NOT NULL,
	"close" double precision NOT NULL,
	"volume" double precision NOT NULL,
	CONSTRAINT "candles_pk" PRIMARY KEY("tenant_id","exchange","symbol","timeframe","time")
);
--> statement-breakpoint
ALTER TABLE "trading"."candles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "trading"."backtests" ADD CONSTRAINT "backtests_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "trading"."backtests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backtests_top_level_idx" ON "trading"."backtests" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "trading"."backtests"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "backtests_parent_idx" ON "trading"."backtests" USING btree ("parent_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."backtests" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "trading"."candles" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);