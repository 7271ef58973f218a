-- Model endpoints (issue 12): OpenAI-compatible servers admins register. The key is stored
-- encrypted by the app (AES-256-GCM) or named by an environment variable, never both.
-- CreateTable
CREATE TABLE "model_endpoints" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "key_ciphertext" TEXT,
    "key_env" TEXT,
    "temperature" DOUBLE PRECISION,
    "top_p" DOUBLE PRECISION,
    "max_tokens" INTEGER,
    "stop" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "seed" INTEGER,
    "max_concurrency" INTEGER NOT NULL DEFAULT 4,
    "requests_per_minute" INTEGER,
    "last_tested_at" TIMESTAMPTZ(3),
    "last_test_ok" BOOLEAN,
    "last_test_latency_ms" INTEGER,
    "last_test_message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_endpoints_name_key" ON "model_endpoints"("name");

-- The rules lib/validation/models.ts applies, held by the database too.
ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_one_key_source_check" CHECK (
  key_ciphertext IS NULL OR key_env IS NULL
);
ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_key_env_check" CHECK (
  key_env IS NULL OR key_env ~ '^[A-Z_][A-Z0-9_]*$'
);
ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_base_url_check" CHECK (
  base_url ~ '^https?://'
);
ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_limits_check" CHECK (
  max_concurrency BETWEEN 1 AND 256
  AND (requests_per_minute IS NULL OR requests_per_minute BETWEEN 1 AND 1000000)
  AND (temperature IS NULL OR temperature BETWEEN 0 AND 2)
  AND (top_p IS NULL OR (top_p > 0 AND top_p <= 1))
  AND (max_tokens IS NULL OR max_tokens >= 1)
);
