import { z } from "zod";
import { slugSchema } from "@/lib/validation/projects";

/** GET /api/annotations: the caller's recent answers, of one project when `project` is given. */
export const recentAnswersQuerySchema = z
  .object({
    project: slugSchema.optional(),
    limit: z.coerce.number().int().min(1, "limit: 1 to 200").max(200, "limit: 1 to 200").default(50),
  })
  .strict();

/** GET /api/projects/{slug}/progress: `since` is when the labeling session started. */
export const progressQuerySchema = z
  .object({ since: z.iso.datetime({ offset: true, message: "since: an ISO 8601 time" }).optional() })
  .strict();
