import "server-only";
import { z } from "zod";
import {
  conversationSettingsSchema,
  toolDefinitionsSchema,
  type ConversationSettings,
} from "@/lib/validation/conversations";
import { inTransaction } from "@/lib/server/db/client";
import { execute, queryRow, type Queryable } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { selectEndpoint } from "@/lib/server/models/model-endpoint-queries";
import { guidelinesBody, insertGuidelineVersion } from "@/lib/server/projects/project-queries";
import { isStartingGuidelines, MODE_GUIDELINES } from "@/lib/domain/conversation/mode-guidelines";

const settingsRow = z
  .object({
    conversation_mode: z.enum(["helpfulness", "red_team"]),
    reply_count: z.number().int(),
    reply_source: z.enum(["sample", "models"]),
    reply_endpoint_ids: z.array(z.string()),
    reply_endpoint_names: z.array(z.string()),
    min_turns: z.number().int(),
    max_turns: z.number().int(),
    max_concurrent_generations: z.number().int(),
    own_openings: z.boolean(),
    tools: toolDefinitionsSchema,
    turn_review_rate: z.number(),
    turn_review_project_id: z.string().nullable(),
    turn_review_project_slug: z.string().nullable(),
  })
  .transform((r) => ({
    conversationMode: r.conversation_mode,
    replyCount: r.reply_count,
    replySource: r.reply_source,
    replyEndpointIds: r.reply_endpoint_ids,
    /** Names of the endpoints still registered, in order. */
    replyEndpoints: r.reply_endpoint_names,
    minTurns: r.min_turns,
    maxTurns: r.max_turns,
    maxConcurrentGenerations: r.max_concurrent_generations,
    ownOpenings: r.own_openings,
    tools: r.tools,
    turnReviewRate: r.turn_review_rate,
    turnReviewProjectId: r.turn_review_project_id,
    turnReviewProject: r.turn_review_project_slug,
  }));
export type ConversationSettingsView = z.output<typeof settingsRow>;

export function selectConversationSettings(db: Queryable, projectId: string) {
  return queryRow(
    db,
    settingsRow,
    `SELECT p.conversation_mode, p.reply_count, p.reply_source, p.reply_endpoint_ids::text[] AS reply_endpoint_ids,
            ARRAY(SELECT e.name FROM unnest(p.reply_endpoint_ids) WITH ORDINALITY AS u(id, n)
                    JOIN model_endpoints e ON e.id = u.id ORDER BY u.n) AS reply_endpoint_names,
            p.min_turns, p.max_turns, p.max_concurrent_generations, p.own_openings, p.tools, p.turn_review_rate,
            p.turn_review_project_id, r.slug AS turn_review_project_slug
       FROM projects p LEFT JOIN projects r ON r.id = p.turn_review_project_id
      WHERE p.id = $1::uuid`,
    [projectId],
  );
}

/** The settings as given, with endpoints and the review project named instead of by id. */
export type ConversationSettingsInput = Omit<ConversationSettings, "replyEndpointIds"> & {
  /** Endpoint names or ids, in order. */
  endpoints?: string[];
  /** The review project's slug; "" takes it away. */
  reviewProject?: string;
};

/**
 * Changes a conversation project's settings (docs/CONVERSATIONS.md, "Settings"); fields left out
 * keep their value. Endpoints must exist; the review project must be a comparison project (2
 * replies per turn) or a ranking project, other than this one.
 */
export async function updateConversationSettings(
  slug: string,
  input: ConversationSettingsInput,
  actorId: string | null,
) {
  const { endpoints, reviewProject, ...rest } = input;
  const data = conversationSettingsSchema.parse(rest);
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx, forUpdate: true });
    if (project.kind !== "conversation")
      throw new AppError("bad_request", "only conversation projects have these settings");
    const before = (await selectConversationSettings(tx, project.id))!;
    const next = { ...before, ...data };
    if (endpoints !== undefined) {
      const ids: string[] = [];
      for (const ref of endpoints) {
        const row = (await selectEndpoint(tx, { id: ref })) ?? (await selectEndpoint(tx, { name: ref }));
        if (!row) throw new AppError("bad_request", `no model endpoint named ${ref} (see model list)`);
        if (ids.includes(row.id)) throw new AppError("bad_request", `model ${ref} is listed twice`);
        ids.push(row.id);
      }
      if (ids.length > 4) throw new AppError("bad_request", "at most 4 endpoints");
      next.replyEndpointIds = ids;
    }
    let reviewId = before.turnReviewProjectId;
    if (reviewProject !== undefined) {
      if (reviewProject === "") reviewId = null;
      else {
        const review = await requireProject(reviewProject, { tx }).catch(() => {
          throw new AppError("bad_request", `no project with slug ${reviewProject} to review turns in`);
        });
        if (review.id === project.id) throw new AppError("bad_request", "the review project must be another project");
        reviewId = review.id;
      }
    }
    if (next.minTurns > next.maxTurns) {
      throw new AppError("bad_request", "the minimum number of turns is above the maximum");
    }
    if (reviewId) {
      const review = await queryRow(
        tx,
        z.object({ kind: z.string() }),
        "SELECT kind::text AS kind FROM projects WHERE id = $1::uuid",
        [reviewId],
      );
      const fits = review!.kind === "ranking" || (review!.kind === "comparison" && next.replyCount === 2);
      if (!fits) {
        throw new AppError(
          "bad_request",
          next.replyCount === 2
            ? "turns are reviewed in a comparison or ranking project"
            : `turns of ${next.replyCount} replies are reviewed in a ranking project`,
        );
      }
    }
    if (next.turnReviewRate > 0 && !reviewId) {
      throw new AppError("bad_request", "set the review project (--review-project) to send turns for review");
    }
    await execute(
      tx,
      `UPDATE projects SET conversation_mode = $2, reply_count = $3, reply_source = $4, reply_endpoint_ids = $5::uuid[],
              min_turns = $6, max_turns = $7, max_concurrent_generations = $8, own_openings = $9, tools = $10::jsonb,
              turn_review_rate = $11, turn_review_project_id = $12::uuid, updated_at = now()
        WHERE id = $1::uuid`,
      [
        project.id,
        next.conversationMode,
        next.replyCount,
        next.replySource,
        next.replyEndpointIds,
        next.minTurns,
        next.maxTurns,
        next.maxConcurrentGenerations,
        next.ownOpenings,
        JSON.stringify(next.tools),
        next.turnReviewRate,
        reviewId,
      ],
    );
    // Each mode has its own guidelines: a mode change brings the new mode's, unless the admin wrote their own.
    if (next.conversationMode !== before.conversationMode) {
      const current = project.guidelineVersion ? await guidelinesBody(tx, project.id, project.guidelineVersion) : null;
      if (isStartingGuidelines(current)) {
        const version = project.guidelineVersion + 1;
        await insertGuidelineVersion(tx, {
          projectId: project.id,
          version,
          body: MODE_GUIDELINES[next.conversationMode],
          createdById: actorId,
        });
        await execute(tx, "UPDATE projects SET guideline_version = $2 WHERE id = $1::uuid", [project.id, version]);
      }
    }
    const after = (await selectConversationSettings(tx, project.id))!;
    await recordAudit(tx, {
      actorId,
      action: "project.conversation_settings",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before,
      after,
    });
    return after;
  });
}
