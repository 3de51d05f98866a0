-- Splits are parts of their transaction: when a transaction has splits, they sum to its amount.
-- The domain checks this before writing (and answers 422); this deferred constraint trigger is the
-- second wall, checked at commit so a transaction and its splits can be changed in any order.
CREATE FUNCTION "financial"."check_split_sum"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  whole numeric;
  parts numeric;
BEGIN
  IF TG_TABLE_NAME = 'transactions' THEN
    target := NEW.id;
  ELSIF TG_OP = 'DELETE' THEN
    target := OLD.transaction_id;
  ELSE
    target := NEW.transaction_id;
  END IF;
  SELECT t.amount, (SELECT sum(s.amount) FROM "financial"."transaction_splits" s WHERE s.transaction_id = t.id)
    INTO whole, parts
    FROM "financial"."transactions" t WHERE t.id = target;
  IF parts IS NOT NULL AND parts <> whole THEN
    RAISE EXCEPTION 'splits of transaction % sum to %, not to its amount %', target, parts, whole
      USING ERRCODE = 'check_violation', CONSTRAINT = 'transaction_splits_sum';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "transaction_splits_sum" AFTER INSERT OR UPDATE OR DELETE ON "financial"."transaction_splits"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "financial"."check_split_sum"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "transactions_split_sum" AFTER UPDATE OF "amount" ON "financial"."transactions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.amount IS DISTINCT FROM NEW.amount) EXECUTE FUNCTION "financial"."check_split_sum"();
