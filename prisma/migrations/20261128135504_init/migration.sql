-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'labeler');

-- CreateEnum
CREATE TYPE "ProjectKind" AS ENUM ('demonstration', 'comparison', 'ranking');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('active', 'paused', 'archived');

-- CreateEnum
CREATE TYPE "ItemStatus" AS ENUM ('open', 'done', 'archived');

-- CreateEnum
CREATE TYPE "SlotState" AS ENUM ('open', 'leased', 'done');

-- CreateEnum
CREATE TYPE "LeaseState" AS ENUM ('active', 'submitted', 'expired', 'skipped', 'released');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('pending', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'labeler',
    "password_hash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "session_version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deactivated_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL DEFAULT 'cli',
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_attempts" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProjectKind" NOT NULL,
    "status" "ProjectStatus" NOT NULL DEFAULT 'active',
    "overlap" INTEGER NOT NULL DEFAULT 1,
    "lease_seconds" INTEGER NOT NULL DEFAULT 1800,
    "min_completions" INTEGER NOT NULL DEFAULT 0,
    "max_completions" INTEGER NOT NULL DEFAULT 9,
    "likert_enabled" BOOLEAN NOT NULL DEFAULT false,
    "flags" TEXT[],
    "min_demo_length" INTEGER NOT NULL DEFAULT 0,
    "guideline_version" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guideline_versions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guideline_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "items" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "messages" JSONB NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "is_gold" BOOLEAN NOT NULL DEFAULT false,
    "gold_answer" JSONB,
    "status" "ItemStatus" NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "completions" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "position" INTEGER,
    "text" TEXT NOT NULL,
    "model" TEXT,
    "edited_from_id" UUID,
    "annotation_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "completions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slots" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "state" "SlotState" NOT NULL DEFAULT 'open',
    "labeler_id" UUID,
    "lease_expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "slots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leases" (
    "id" UUID NOT NULL,
    "slot_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "labeler_id" UUID NOT NULL,
    "state" "LeaseState" NOT NULL DEFAULT 'active',
    "display_order" TEXT[],
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "leases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotations" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "slot_id" UUID NOT NULL,
    "lease_id" UUID NOT NULL,
    "labeler_id" UUID NOT NULL,
    "text" TEXT,
    "ranking" JSONB,
    "strength" INTEGER,
    "ratings" JSONB,
    "flags" JSONB,
    "comment" TEXT,
    "time_spent_ms" INTEGER,
    "display_order" TEXT[],
    "guideline_version" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skips" (
    "item_id" UUID NOT NULL,
    "labeler_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skips_pkey" PRIMARY KEY ("item_id","labeler_id")
);

-- CreateTable
CREATE TABLE "drafts" (
    "item_id" UUID NOT NULL,
    "labeler_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "drafts_pkey" PRIMARY KEY ("item_id","labeler_id")
);

-- CreateTable
CREATE TABLE "exports" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "status" "ExportStatus" NOT NULL DEFAULT 'pending',
    "file_name" TEXT,
    "row_count" INTEGER,
    "sha256" TEXT,
    "manifest" JSONB,
    "error" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "exports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "project_id" UUID,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE INDEX "login_attempts_key_created_at_idx" ON "login_attempts"("key", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "projects"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "guideline_versions_project_id_version_key" ON "guideline_versions"("project_id", "version");

-- CreateIndex
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

-- CreateIndex
CREATE INDEX "items_project_id_content_hash_idx" ON "items"("project_id", "content_hash");

-- CreateIndex
CREATE INDEX "items_project_id_status_priority_created_at_idx" ON "items"("project_id", "status", "priority" DESC, "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "items_project_id_external_id_key" ON "items"("project_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "completions_annotation_id_key" ON "completions"("annotation_id");

-- CreateIndex
CREATE UNIQUE INDEX "completions_item_id_position_key" ON "completions"("item_id", "position");

-- CreateIndex
CREATE INDEX "slots_project_id_state_idx" ON "slots"("project_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "slots_item_id_index_key" ON "slots"("item_id", "index");

-- CreateIndex
CREATE UNIQUE INDEX "slots_item_id_labeler_id_key" ON "slots"("item_id", "labeler_id");

-- CreateIndex
CREATE INDEX "leases_project_id_labeler_id_state_idx" ON "leases"("project_id", "labeler_id", "state");

-- CreateIndex
CREATE INDEX "leases_slot_id_idx" ON "leases"("slot_id");

-- CreateIndex
CREATE UNIQUE INDEX "annotations_slot_id_key" ON "annotations"("slot_id");

-- CreateIndex
CREATE UNIQUE INDEX "annotations_lease_id_key" ON "annotations"("lease_id");

-- CreateIndex
CREATE INDEX "annotations_project_id_created_at_idx" ON "annotations"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "annotations_item_id_labeler_id_key" ON "annotations"("item_id", "labeler_id");

-- CreateIndex
CREATE UNIQUE INDEX "annotations_labeler_id_idempotency_key_key" ON "annotations"("labeler_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "exports_project_id_created_at_idx" ON "exports"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_created_at_idx" ON "audit_events"("actor_id", "created_at");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guideline_versions" ADD CONSTRAINT "guideline_versions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guideline_versions" ADD CONSTRAINT "guideline_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "items" ADD CONSTRAINT "items_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "completions" ADD CONSTRAINT "completions_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "completions" ADD CONSTRAINT "completions_edited_from_id_fkey" FOREIGN KEY ("edited_from_id") REFERENCES "completions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "completions" ADD CONSTRAINT "completions_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slots" ADD CONSTRAINT "slots_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slots" ADD CONSTRAINT "slots_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slots" ADD CONSTRAINT "slots_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "slots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "slots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_lease_id_fkey" FOREIGN KEY ("lease_id") REFERENCES "leases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skips" ADD CONSTRAINT "skips_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skips" ADD CONSTRAINT "skips_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exports" ADD CONSTRAINT "exports_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exports" ADD CONSTRAINT "exports_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Value ranges the application relies on (the Prisma schema language cannot express
-- CHECK constraints, and the Prisma diff leaves them alone). No apostrophes in comments here: the shadow-database splitter reads them as quotes.
ALTER TABLE "users" ADD CONSTRAINT "users_email_normalized" CHECK ("email" = lower(btrim("email")) AND "email" <> '');
ALTER TABLE "projects" ADD CONSTRAINT "projects_slug_format" CHECK ("slug" ~ '^[a-z0-9][a-z0-9-]{0,62}$');
ALTER TABLE "projects" ADD CONSTRAINT "projects_overlap_range" CHECK ("overlap" BETWEEN 1 AND 100);
ALTER TABLE "projects" ADD CONSTRAINT "projects_lease_seconds_range" CHECK ("lease_seconds" BETWEEN 30 AND 86400);
ALTER TABLE "projects" ADD CONSTRAINT "projects_completions_range" CHECK ("min_completions" BETWEEN 0 AND 9 AND "max_completions" BETWEEN "min_completions" AND 9);
ALTER TABLE "projects" ADD CONSTRAINT "projects_min_demo_length_range" CHECK ("min_demo_length" >= 0);
ALTER TABLE "guideline_versions" ADD CONSTRAINT "guideline_versions_version_positive" CHECK ("version" >= 1);
ALTER TABLE "slots" ADD CONSTRAINT "slots_index_range" CHECK ("index" >= 0);
ALTER TABLE "slots" ADD CONSTRAINT "slots_state_consistent" CHECK (
  ("state" = 'open' AND "labeler_id" IS NULL AND "lease_expires_at" IS NULL) OR
  ("state" = 'leased' AND "labeler_id" IS NOT NULL AND "lease_expires_at" IS NOT NULL) OR
  ("state" = 'done' AND "labeler_id" IS NOT NULL)
);
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_strength_range" CHECK ("strength" IS NULL OR "strength" BETWEEN 1 AND 3);
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_time_spent_nonnegative" CHECK ("time_spent_ms" IS NULL OR "time_spent_ms" >= 0);
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_has_answer" CHECK ("text" IS NOT NULL OR "ranking" IS NOT NULL);
ALTER TABLE "skips" ADD CONSTRAINT "skips_reason_present" CHECK (btrim("reason") <> '');
