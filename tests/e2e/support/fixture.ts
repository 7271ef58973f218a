// Builds the data one browser journey needs, through the same server code the app uses.
// Run by tests/e2e/helpers.ts: tsx --conditions=react-server tests/e2e/support/fixture.ts '<json>'
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createProject } from "@/lib/server/projects/create-project";
import { createUser } from "@/lib/server/users/create-user";

export interface FixtureSpec {
  kind: "demonstration" | "comparison" | "ranking";
  overlap?: number;
  likertEnabled?: boolean;
  minDemoLength?: number;
  guidelines?: string;
  items: { messages: { role: "system" | "user" | "assistant"; content: string }[]; completions?: string[] }[];
  labelers?: number;
}

export const LABELER_PASSWORD = "e2e-labeler-password";

async function main() {
  const spec = JSON.parse(process.argv[2]!) as FixtureSpec;
  const suffix = randomUUID().slice(0, 8);
  const slug = `e2e-${spec.kind}-${suffix}`;
  await createProject(
    {
      slug,
      name: `E2E ${spec.kind} ${suffix}`,
      kind: spec.kind,
      overlap: spec.overlap ?? 1,
      guidelines: spec.guidelines,
    },
    null,
  );
  await db.project.update({
    where: { slug },
    data: { likertEnabled: spec.likertEnabled ?? false, minDemoLength: spec.minDemoLength ?? 0 },
  });
  await addItems(
    slug,
    spec.items.map((item, n) => ({
      externalId: `item-${n}`,
      messages: item.messages,
      completions: item.completions?.map((text) => ({ text })),
    })),
  );
  const labelers = [];
  for (let i = 0; i < (spec.labelers ?? 1); i += 1) {
    const email = `e2e-labeler-${suffix}-${i}@test.example`;
    await createUser({ email, role: "labeler", password: LABELER_PASSWORD }, null);
    await addProjectMember(slug, email, null);
    labelers.push({ email, password: LABELER_PASSWORD });
  }
  process.stdout.write(JSON.stringify({ slug, labelers }));
  await db.$disconnect();
}

void main();
