-- Abuse counters (failed logins, sign-ups, withdrawal notices) shared by every server process
-- and kept across restarts (server/platform/rate-limit.ts).
CREATE TABLE "oser_rate_limit" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "hit_limit" INTEGER NOT NULL,
    "window_seconds" INTEGER NOT NULL,
    "delay_seconds" INTEGER NOT NULL,
    "blocked_until" TIMESTAMPTZ(6),
    "previous_blocked_until" TIMESTAMPTZ(6),
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "oser_rate_limit_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "oser_rate_limit_expires_at_idx" ON "oser_rate_limit"("expires_at");
