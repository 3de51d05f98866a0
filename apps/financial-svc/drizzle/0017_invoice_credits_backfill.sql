-- What each invoice's issued credit notes take off it (amount_credited, added by 0015): credit notes
-- issued before 0015 were not counted. Recomputed for every invoice from its issued credit notes,
-- which is what issuing and voiding them keep it at, so running it again changes nothing; capped at
-- what payments left owed (an older version let credit notes exceed it). Statuses stay: an invoice
-- its credit notes now cover stays issued with nothing due, as a newly credited one does.
-- Row-level security is forced on the owner too: lifted for this statement, inside the migration's
-- transaction, so no other session ever sees the table without it.
ALTER TABLE "financial"."invoices" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "financial"."invoices" AS invoice
   SET "amount_credited" = least(
         invoice."total" - invoice."amount_paid",
         (SELECT coalesce(sum(-note."total"), 0)
            FROM "financial"."invoices" AS note
           WHERE note."tenant_id" = invoice."tenant_id" AND note."credited_invoice_id" = invoice."id"
             AND note."kind" = 'credit_note' AND note."status" = 'issued'))
 WHERE invoice."kind" = 'invoice' AND invoice."status" IN ('issued', 'paid');--> statement-breakpoint
ALTER TABLE "financial"."invoices" FORCE ROW LEVEL SECURITY;
