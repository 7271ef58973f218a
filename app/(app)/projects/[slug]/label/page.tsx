import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConversationEntry } from "@/components/labeling/conversation-entry";
import { LabelingWorkspace } from "@/components/labeling/workspace";
import { requirePageUser } from "@/lib/server/auth/session";
import { pageSlugFrom } from "@/lib/server/route-params";
import { projectForLabeler } from "@/lib/server/projects/project-for-labeler";

export const metadata: Metadata = { title: "Labeling" };

export default async function LabelPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser();
  const slug = await pageSlugFrom(params);
  // Not a member and no such project look the same.
  const project = await projectForLabeler(user, slug);
  if (!project) notFound();
  if (project.kind === "conversation") return <ConversationEntry project={project} />;
  return <LabelingWorkspace project={project} />;
}
