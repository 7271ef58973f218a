import { z } from "zod";
import { storableText } from "@/lib/validation/text";

export const roleSchema = z.enum(["admin", "labeler"]);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "email is too long")
  .pipe(z.email({ message: "not a valid email address" }));

// Length only: no composition rules (NIST SP 800-63B). argon2 has no 72-byte cut-off.
export const passwordSchema = z
  .string()
  .min(10, "password must be at least 10 characters")
  .max(1024, "password must be at most 1024 characters");

export const createUserSchema = z.object({
  email: emailSchema,
  name: storableText().trim().min(1, "name is required").max(120, "name is too long").optional(),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    active: z.boolean().optional(),
    name: storableText().trim().min(1).max(120).optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const credentialsSchema = z.object({
  email: storableText().trim().toLowerCase().max(254),
  password: z.string().max(1024),
});
