-- CreateIndex
CREATE INDEX "items_project_id_seq_idx" ON "items"("project_id", "seq");
