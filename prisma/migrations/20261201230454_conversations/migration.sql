-- CreateEnum
CREATE TYPE "ConversationStatus" AS ENUM ('active', 'finished', 'abandoned');

-- CreateEnum
CREATE TYPE "ReplyStatus" AS ENUM ('pending', 'streaming', 'done', 'failed', 'interrupted');

-- AlterEnum
ALTER TYPE "ProjectKind" ADD VALUE 'conversation';

-- AlterTable
ALTER TABLE "model_endpoints" ADD COLUMN     "input_price_per_mtok" DOUBLE PRECISION,
ADD COLUMN     "output_price_per_mtok" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "conversation_mode" TEXT NOT NULL DEFAULT 'helpfulness',
ADD COLUMN     "max_concurrent_generations" INTEGER NOT NULL DEFAULT 4,
ADD COLUMN     "max_turns" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "min_turns" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "own_openings" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "reply_count" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "reply_endpoint_ids" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "reply_source" TEXT NOT NULL DEFAULT 'sample',
ADD COLUMN     "tools" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "turn_review_project_id" UUID,
ADD COLUMN     "turn_review_rate" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "lease_id" UUID NOT NULL,
    "labeler_id" UUID NOT NULL,
    "status" "ConversationStatus" NOT NULL DEFAULT 'active',
    "mode" TEXT NOT NULL,
    "turns" INTEGER NOT NULL DEFAULT 0,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_micros" BIGINT,
    "outcome" INTEGER,
    "task_description" TEXT,
    "annotation_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_turns" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "input" JSONB NOT NULL,
    "ranking" JSONB,
    "chosen_reply_id" UUID,
    "strength" INTEGER,
    "tie_quality" TEXT,
    "ratings" JSONB,
    "flags" JSONB,
    "harm" INTEGER,
    "rewrite_text" TEXT,
    "comment" TEXT,
    "time_spent_ms" INTEGER,
    "guideline_version" INTEGER,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "chosen_at" TIMESTAMPTZ(3),
    "review_item_id" UUID,

    CONSTRAINT "conversation_turns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_replies" (
    "id" UUID NOT NULL,
    "turn_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "replaced_at" TIMESTAMPTZ(3),
    "labeler_id" UUID NOT NULL,
    "endpoint_id" UUID,
    "endpoint_name" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "served_model" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "ReplyStatus" NOT NULL DEFAULT 'pending',
    "text" TEXT NOT NULL DEFAULT '',
    "tool_calls" JSONB NOT NULL DEFAULT '[]',
    "finish_reason" TEXT,
    "error_kind" TEXT,
    "error" TEXT,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "first_token_ms" INTEGER,
    "latency_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "conversation_replies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conversations_lease_id_key" ON "conversations"("lease_id");

-- CreateIndex
CREATE UNIQUE INDEX "conversations_annotation_id_key" ON "conversations"("annotation_id");

-- CreateIndex
CREATE INDEX "conversations_project_id_status_created_at_idx" ON "conversations"("project_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "conversations_labeler_id_created_at_idx" ON "conversations"("labeler_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_turns_conversation_id_index_key" ON "conversation_turns"("conversation_id", "index");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_turns_conversation_id_idempotency_key_key" ON "conversation_turns"("conversation_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "conversation_replies_labeler_id_status_idx" ON "conversation_replies"("labeler_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_replies_turn_id_position_attempt_key" ON "conversation_replies"("turn_id", "position", "attempt");

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_turns" ADD CONSTRAINT "conversation_turns_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_replies" ADD CONSTRAINT "conversation_replies_turn_id_fkey" FOREIGN KEY ("turn_id") REFERENCES "conversation_turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Value ranges (docs/CONVERSATIONS.md).
ALTER TABLE "projects"
  ADD CONSTRAINT "projects_conversation_mode_check" CHECK ("conversation_mode" IN ('helpfulness', 'red_team')),
  ADD CONSTRAINT "projects_reply_count_check" CHECK ("reply_count" BETWEEN 2 AND 4),
  ADD CONSTRAINT "projects_reply_source_check" CHECK ("reply_source" IN ('sample', 'models')),
  ADD CONSTRAINT "projects_turns_check" CHECK ("min_turns" >= 1 AND "max_turns" <= 50 AND "min_turns" <= "max_turns"),
  ADD CONSTRAINT "projects_max_concurrent_generations_check" CHECK ("max_concurrent_generations" BETWEEN 1 AND 16),
  ADD CONSTRAINT "projects_turn_review_rate_check" CHECK ("turn_review_rate" >= 0 AND "turn_review_rate" <= 1),
  ADD CONSTRAINT "projects_tools_check" CHECK (jsonb_typeof("tools") = 'array');
ALTER TABLE "model_endpoints"
  ADD CONSTRAINT "model_endpoints_prices_check" CHECK (("input_price_per_mtok" IS NULL OR "input_price_per_mtok" >= 0)
                                                   AND ("output_price_per_mtok" IS NULL OR "output_price_per_mtok" >= 0));
ALTER TABLE "conversations"
  ADD CONSTRAINT "conversations_outcome_check" CHECK ("outcome" BETWEEN 0 AND 4),
  ADD CONSTRAINT "conversations_mode_check" CHECK ("mode" IN ('helpfulness', 'red_team')),
  ADD CONSTRAINT "conversations_turns_check" CHECK ("turns" >= 0);
ALTER TABLE "conversation_turns"
  ADD CONSTRAINT "conversation_turns_index_check" CHECK ("index" >= 0),
  ADD CONSTRAINT "conversation_turns_strength_check" CHECK ("strength" BETWEEN 1 AND 3),
  ADD CONSTRAINT "conversation_turns_harm_check" CHECK ("harm" BETWEEN 0 AND 4),
  ADD CONSTRAINT "conversation_turns_tie_quality_check" CHECK ("tie_quality" IN ('good', 'bad')),
  ADD CONSTRAINT "conversation_turns_chosen_check" CHECK (("chosen_at" IS NULL) = ("chosen_reply_id" IS NULL));
ALTER TABLE "conversation_replies"
  ADD CONSTRAINT "conversation_replies_position_check" CHECK ("position" BETWEEN 0 AND 3),
  ADD CONSTRAINT "conversation_replies_tool_calls_check" CHECK (jsonb_typeof("tool_calls") = 'array');
-- One current attempt per reply position: a regeneration marks the old one replaced first.
CREATE UNIQUE INDEX "conversation_replies_current_key" ON "conversation_replies" ("turn_id", "position") WHERE "replaced_at" IS NULL;
