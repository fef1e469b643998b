-- One row per scheduled run of a background job: the process that inserts it runs it, so a
-- run happens once however many server processes share the database (issue 14 §2).
CREATE TABLE "oser_job_run" (
    "job" VARCHAR(50) NOT NULL,
    "scheduled_at" TIMESTAMPTZ(6) NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(6),
    "outcome" VARCHAR(10),

    CONSTRAINT "oser_job_run_pkey" PRIMARY KEY ("job", "scheduled_at")
);
