-- CreateIndex
CREATE INDEX "slots_labeler_id_item_id_idx" ON "slots"("labeler_id", "item_id");
