// project create | add-member
import { readFileSync } from "node:fs";
import { UsageError } from "@/cli/args";
import { defineCommand } from "@/cli/command";
import { createProjectSchema, projectKindSchema } from "@/lib/validation/projects";

const slug = { type: "string", value: "S", required: true, help: "the project's slug" } as const;

export const projectCreate = defineCommand({
  name: "project create",
  summary: 'Creates a project. Prints {"project": {"id", "slug", "kind", "overlap", "guidelineVersion"}}.',
  options: {
    slug: { ...slug, help: "lower-case letters, digits and dashes, at most 63" },
    kind: {
      type: "string",
      value: "KIND",
      choices: projectKindSchema.options,
      required: true,
      help: "what labelers do: write replies, compare two completions, or rank 2 to 9",
    },
    name: { type: "string", value: "N", help: "the name shown in the app (default: the slug)" },
    overlap: { type: "string", value: "N", help: "labelers per item, 1 to 100 (default 1)" },
    guidelines: { type: "string", value: "FILE", help: "a Markdown file, kept as guideline version 1" },
  },
  async run(o) {
    let guidelines: string | undefined;
    if (o.guidelines) {
      try {
        guidelines = readFileSync(o.guidelines, "utf8");
      } catch (error) {
        throw new UsageError(
          `cannot read --guidelines ${o.guidelines}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
    }
    // The API's schema: the CLI refuses what the Projects page and POST /api/projects refuse.
    const input = createProjectSchema.parse({
      slug: o.slug,
      kind: o.kind,
      name: o.name,
      overlap: o.overlap,
      guidelines,
    });
    const { createProject } = await import("@/lib/server/projects/create-project");
    const project = await createProject(input, null);
    return {
      project: {
        id: project.id,
        slug: project.slug,
        kind: project.kind,
        overlap: project.overlap,
        guidelineVersion: project.guidelineVersion,
      },
    };
  },
});

export const projectAddMember = defineCommand({
  name: "project add-member",
  summary: 'Lets a user label the project. Prints {"project", "userId", "added"} (added: false when already a member).',
  options: { slug, email: { type: "string", value: "E", required: true, help: "the user's email" } },
  async run(o) {
    const { addProjectMember } = await import("@/lib/server/projects/add-member");
    return addProjectMember(o.slug, o.email, null);
  },
});
