// The demo's conversation projects (docs/CONVERSATIONS.md): labelers chat with the demo's
// endpoints and choose between two streamed replies at every turn; one project is red-team.
// Run after the model demo registered the endpoints. Idempotent.
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { updateConversationSettings } from "@/lib/server/projects/conversation-settings";
import { createProject } from "@/lib/server/projects/create-project";
import { DEMO_USERS } from "./demo-users";

export const CONVERSATION_DEMO_SLUG = "chat-helpfulness";
export const RED_TEAM_DEMO_SLUG = "chat-red-team";

const OPENINGS = [
  "I want to start running. How should I plan my first month?",
  "Help me write a short, friendly note to my neighbour about their loud music.",
  "Can you explain what an index does in a database?",
  "I have eggs, spinach and feta. What can I cook in 20 minutes?",
];

export async function seedConversationDemo(endpointNames: string[]) {
  const models = endpointNames.slice(0, 2);
  const projects = [
    { slug: CONVERSATION_DEMO_SLUG, name: "Chat: helpfulness", mode: "helpfulness" as const },
    { slug: RED_TEAM_DEMO_SLUG, name: "Chat: red team", mode: "red_team" as const },
  ];
  for (const p of projects) {
    if (!(await db.project.findUnique({ where: { slug: p.slug } }))) {
      await createProject(
        // Each mode's own guidelines (lib/domain/conversation/mode-guidelines.ts) come with it.
        { slug: p.slug, name: p.name, kind: "conversation", overlap: 1 },
        null,
      );
      await updateConversationSettings(
        p.slug,
        {
          conversationMode: p.mode,
          replyCount: 2,
          // Two different models: the stand-in's models answer deterministically per prompt.
          replySource: models.length > 1 ? "models" : "sample",
          endpoints: models,
          minTurns: p.mode === "red_team" ? 1 : 2,
          maxTurns: 8,
        },
        null,
      );
    }
    for (const user of DEMO_USERS.filter((u) => u.role === "labeler")) await addProjectMember(p.slug, user.email, null);
  }
  const openings = await addItems(
    CONVERSATION_DEMO_SLUG,
    OPENINGS.map((content, n) => ({
      externalId: `chat-demo-${n + 1}`,
      messages: [{ role: "user" as const, content }],
      metadata: { source: "rlhf-studio-demo" },
    })),
  );
  return { projects: projects.map((p) => p.slug), openings };
}
