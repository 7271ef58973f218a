// project create | add-member | set
import { readFileSync } from "node:fs";
import { UsageError } from "@/cli/args";
import { defineCommand } from "@/cli/command";
import { addMemberSchema, createProjectSchema, projectKindSchema } from "@/lib/validation/projects";
import { setMemberRoleSchema } from "@/lib/validation/reviews";
import { feedbackSettingsInputSchema } from "@/lib/validation/feedback-settings-input";
import { QUALITY_OPTIONS, qualityInput, splitQualityOptions } from "@/cli/commands/quality-options";
import { applyOverlapCostOptions, overlapCostOptions } from "@/cli/commands/project-quality";

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

const role = {
  type: "string",
  value: "R",
  choices: ["labeler", "reviewer"],
  help: "labeler, or reviewer: also reviews the others' demonstrations (docs/QUALITY.md)",
} as const;

export const projectAddMember = defineCommand({
  name: "project add-member",
  summary:
    'Lets a user label the project. Prints {"project", "userId", "added", "role"?} (added: false when already a member; --role also sets an existing member\'s role).',
  options: { slug, email: { type: "string", value: "E", required: true, help: "the user's email" }, role },
  async run(o) {
    // The API's schema: the same email and role rules as POST /api/projects/{slug}/members.
    const input = addMemberSchema.parse({ email: o.email, role: o.role });
    const { addProjectMember } = await import("@/lib/server/projects/add-member");
    return addProjectMember(o.slug, input.email, null, input.role);
  },
});

export const projectSetRole = defineCommand({
  name: "project set-role",
  summary:
    'Sets a member\'s role in the project (peer review, docs/QUALITY.md). Prints {"project", "userId", "role", "changed"}.',
  options: {
    slug,
    email: { type: "string", value: "E", required: true, help: "the member's email" },
    role: { ...role, required: true },
  },
  async run(o) {
    const input = setMemberRoleSchema.parse({ email: o.email, role: o.role });
    const { setMemberRole } = await import("@/lib/server/projects/set-member-role");
    return setMemberRole(o.slug, input.email, input.role, null);
  },
});

const onOff = (value: string | undefined, flag: string): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value === "true" || value === "on" || value === "1") return true;
  if (value === "false" || value === "off" || value === "0") return false;
  throw new UsageError(`--${flag}: true or false`);
};

export const projectSet = defineCommand({
  name: "project set",
  summary:
    'Changes a conversation project\'s settings (docs/CONVERSATIONS.md), any project\'s feedback settings (docs/FEEDBACK.md), a comparison or ranking project\'s --show-judge-suggestions (docs/JUDGES.md), a demonstration project\'s --peer-review-rate, the labeler quality program, adaptive overlap (--overlap-min/--overlap-max/--overlap-threshold/--overlap-confidence) or --hourly-rate (docs/QUALITY.md); options left out keep their value. Prints {"project": {"slug", "conversation"?: {...}, "feedbackSettings"?: {...}, "showJudgeSuggestions"?: bool, "review"?: {"reviewRate"}, "quality"?: {...}, "overlap"?, "overlapMin"?, "overlapMax"?, "overlapThreshold"?, "overlapConfidence"?, "reopened"?, "hourlyRate"?}}.',
  options: {
    slug,
    mode: { type: "string", value: "M", choices: ["helpfulness", "red_team"], help: "what labelers aim for" },
    models: { type: "string", value: "a,b", help: "the endpoints replies come from, in order (names or ids)" },
    "reply-count": { type: "string", value: "K", help: "replies per turn, 2 to 4" },
    "reply-source": {
      type: "string",
      value: "S",
      choices: ["sample", "models"],
      help: "sample: the first model K times; models: one reply per model in turn",
    },
    "min-turns": { type: "string", value: "N", help: "turns before a conversation can be finished" },
    "max-turns": { type: "string", value: "N", help: "turns at most (1 to 50)" },
    "max-concurrent-generations": {
      type: "string",
      value: "N",
      help: "replies one labeler may have streaming at once",
    },
    "own-openings": {
      type: "string",
      value: "true|false",
      help: "whether labelers may start a conversation themselves",
    },
    tools: { type: "string", value: "FILE", help: "a JSON file of OpenAI function tools sent with every turn" },
    "review-rate": { type: "string", value: "X", help: "share of chosen turns sent for review, 0 to 1" },
    "review-project": { type: "string", value: "S", help: "the comparison or ranking project turns are reviewed in" },
    "feedback-settings-file": {
      type: "string",
      value: "F",
      help: "a JSON file of production-feedback settings (scrub, patterns, requireConsent, routes), replacing them",
    },
    "show-judge-suggestions": {
      type: "string",
      value: "true|false",
      help: "comparison and ranking projects: labelers see the AI judge's verdict as a suggestion (docs/JUDGES.md)",
    },
    "peer-review-rate": {
      type: "string",
      value: "X",
      help: "demonstration projects: share of new demonstrations sent to a reviewer, 0 to 1 (docs/QUALITY.md)",
    },
    // The labeler quality program (docs/QUALITY.md).
    ...QUALITY_OPTIONS,
    // Adaptive overlap and the hourly rate (docs/QUALITY.md).
    ...overlapCostOptions,
  },
  async run(o) {
    const {
      "feedback-settings-file": feedbackFile,
      "show-judge-suggestions": suggestions,
      "peer-review-rate": peerReviewRate,
      "overlap-min": overlapMin,
      "overlap-max": overlapMax,
      "overlap-threshold": overlapThreshold,
      "overlap-confidence": overlapConfidence,
      "hourly-rate": hourlyRate,
      slug: projectSlug,
      ...rest
    } = o;
    const { quality, others: conversationOptions } = splitQualityOptions(rest);
    const done: Record<string, unknown> = {};
    // The labeler quality settings, through the API's schema (PUT .../quality/settings).
    if (Object.keys(quality).length > 0) {
      const { updateQualitySettings } = await import("@/lib/server/quality/quality-settings");
      done.quality = await updateQualitySettings(projectSlug, qualityInput(quality), null);
    }
    Object.assign(
      done,
      await applyOverlapCostOptions(projectSlug, {
        "overlap-min": overlapMin,
        "overlap-max": overlapMax,
        "overlap-threshold": overlapThreshold,
        "overlap-confidence": overlapConfidence,
        "hourly-rate": hourlyRate,
      }),
    );
    if (feedbackFile !== undefined) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(feedbackFile, "utf8"));
      } catch (error) {
        throw new UsageError(`cannot read --feedback-settings-file ${feedbackFile}: ${(error as Error).message}`);
      }
      // The API's schema (PUT /api/projects/{slug}/feedback/settings): the CLI refuses what it refuses.
      const input = feedbackSettingsInputSchema.parse(value);
      const { updateFeedbackSettings } = await import("@/lib/server/feedback/feedback-settings");
      done.feedbackSettings = await updateFeedbackSettings(projectSlug, input, null);
    }
    // A comparison or ranking project's own setting (the options below are a conversation's).
    if (suggestions !== undefined) {
      const { updateJudgeSuggestions } = await import("@/lib/server/judges/judge-suggestions");
      Object.assign(
        done,
        await updateJudgeSuggestions({
          slug: projectSlug,
          input: { showJudgeSuggestions: onOff(suggestions, "show-judge-suggestions") },
          actorId: null,
        }),
      );
    }
    // Peer review (docs/QUALITY.md): the API's schema refuses what PUT .../reviews/settings refuses.
    if (peerReviewRate !== undefined) {
      const { updateReviewSettings } = await import("@/lib/server/reviews/review-settings");
      done.review = await updateReviewSettings(projectSlug, { reviewRate: peerReviewRate }, null);
    }
    // Only those asked for: the conversation settings are left alone.
    if (Object.keys(done).length > 0 && Object.values(conversationOptions).every((v) => v === undefined))
      return { project: { slug: projectSlug, ...done } };
    let tools: unknown;
    if (o.tools) {
      try {
        tools = JSON.parse(readFileSync(o.tools, "utf8"));
      } catch (error) {
        throw new UsageError(`cannot read --tools ${o.tools}: ${(error as Error).message}`);
      }
    }
    const { updateConversationSettings } = await import("@/lib/server/projects/conversation-settings");
    const input = {
      ...(o.mode !== undefined ? { conversationMode: o.mode as "helpfulness" | "red_team" } : {}),
      ...(o["reply-count"] !== undefined ? { replyCount: Number(o["reply-count"]) } : {}),
      ...(o["reply-source"] !== undefined ? { replySource: o["reply-source"] as "sample" | "models" } : {}),
      ...(o["min-turns"] !== undefined ? { minTurns: Number(o["min-turns"]) } : {}),
      ...(o["max-turns"] !== undefined ? { maxTurns: Number(o["max-turns"]) } : {}),
      ...(o["max-concurrent-generations"] !== undefined
        ? { maxConcurrentGenerations: Number(o["max-concurrent-generations"]) }
        : {}),
      ...(o["own-openings"] !== undefined ? { ownOpenings: onOff(o["own-openings"], "own-openings") } : {}),
      ...(tools !== undefined ? { tools: tools as never } : {}),
      ...(o["review-rate"] !== undefined ? { turnReviewRate: Number(o["review-rate"]) } : {}),
      ...(o.models !== undefined
        ? {
            endpoints: o.models
              .split(",")
              .map((m) => m.trim())
              .filter(Boolean),
          }
        : {}),
      ...(o["review-project"] !== undefined ? { reviewProject: o["review-project"] } : {}),
    };
    const conversation = await updateConversationSettings(o.slug, input, null);
    return { project: { slug: o.slug, conversation, ...done } };
  },
});
