// user create | unlock | reset-password
import { defineCommand } from "@/cli/command";
import { readPassword } from "@/cli/io";
import { createUserSchema, roleSchema } from "@/lib/validation/users";

const email = { type: "string", value: "E", required: true, help: "the account's email" } as const;

export const userCreate = defineCommand({
  name: "user create",
  summary:
    'Creates an account; the password (10 to 1024 characters) is read from stdin. Prints {"user": {"id", "email", "name", "role"}}.',
  options: {
    email,
    role: {
      type: "string",
      value: "ROLE",
      choices: roleSchema.options,
      required: true,
      help: "admin runs projects and people; labeler labels the projects they belong to",
    },
    name: { type: "string", value: "N", help: "the name shown in the app (default: the email before @)" },
  },
  async run(o) {
    // The API's schema: the CLI refuses what the People page and POST /api/users refuse.
    const input = createUserSchema.parse({
      email: o.email,
      role: o.role,
      name: o.name,
      password: await readPassword(),
    });
    const { createUser } = await import("@/lib/server/users/create-user");
    const user = await createUser(input, null);
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  },
});

export const userUnlock = defineCommand({
  name: "user unlock",
  summary: 'Lifts a sign-in lock after failed attempts (audited as user.unlock). Prints {"unlocked": true}.',
  options: { email },
  async run(o) {
    const { unlockAccount } = await import("@/lib/server/auth/unlock-account");
    await unlockAccount(null, o.email);
    return { unlocked: true };
  },
});

export const userResetPassword = defineCommand({
  name: "user reset-password",
  summary:
    'Sets a new password read from stdin, revokes the user\'s API tokens and ends their sessions. Prints {"user": {"id", "email"}, "tokensRevoked", "sessionsEnded"}.',
  options: { email },
  async run(o) {
    const password = await readPassword();
    const { resetPassword } = await import("@/lib/server/users/reset-password");
    return resetPassword(null, { email: o.email }, password);
  },
});
