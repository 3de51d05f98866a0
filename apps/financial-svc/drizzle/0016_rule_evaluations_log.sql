ALTER TABLE "financial"."rule_evaluations" DROP CONSTRAINT "rule_evaluations_transaction_fk";
