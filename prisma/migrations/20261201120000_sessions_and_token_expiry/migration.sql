-- API tokens may expire; browser sessions get a server-side row so that sign-out, a password
-- reset, a deactivation or a role change ends them for good (the session cookie is a signed
-- JWT that carries the row's id; every request checks the row).

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "expires_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "ended_reason" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An ended session says why; an open one has no reason.
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_ended_reason_check" CHECK (
  (ended_at IS NULL AND ended_reason IS NULL)
  OR (ended_at IS NOT NULL AND ended_reason IN ('sign_out', 'password_reset', 'deactivated', 'role_change'))
);
