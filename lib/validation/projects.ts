import { z } from "zod";

export const projectKindSchema = z.enum(["demonstration", "comparison", "ranking"]);

export const slugSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    "slug: lower-case letters, digits and dashes, starting with a letter or digit, at most 63",
  );

export const createProjectSchema = z
  .object({
    slug: slugSchema,
    name: z.string().trim().min(1).max(200).optional(),
    kind: projectKindSchema,
    overlap: z.coerce
      .number()
      .int()
      .min(1, "overlap must be at least 1")
      .max(100, "overlap must be at most 100")
      .default(1),
    guidelines: z.string().max(200_000, "guidelines are too long").optional(),
  })
  .strict();
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const addMemberSchema = z.object({ email: z.string().trim().toLowerCase().min(3).max(254) }).strict();
