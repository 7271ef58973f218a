-- AlterTable
ALTER TABLE "annotations" ADD COLUMN     "conversation_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "annotations_conversation_id_key" ON "annotations"("conversation_id");

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A conversation's answer has neither text nor ranking: the conversation holds it.
ALTER TABLE "annotations" DROP CONSTRAINT "annotations_has_answer";
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_has_answer"
  CHECK ("text" IS NOT NULL OR "ranking" IS NOT NULL OR "conversation_id" IS NOT NULL);
