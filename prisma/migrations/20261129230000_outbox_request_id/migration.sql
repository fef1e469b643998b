-- The request that queued an email, for its delivery logs (issue 14 §3).
ALTER TABLE "oser_mail_outbox" ADD COLUMN "request_id" VARCHAR(128);
