import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { requirePageUser } from "@/lib/server/auth/session";
import { pageSlugFrom } from "@/lib/server/route-params";
import { reviewsProject } from "@/lib/server/reviews/review-report";

export const metadata: Metadata = { title: "Review" };

/** A reviewer's queue for one project (docs/GUIDE.md, "Reviewing demonstrations"). */
export default async function ReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser();
  const slug = await pageSlugFrom(params);
  // Not a reviewer here, not a member and no such project all look the same.
  const project = await reviewsProject(user, slug);
  if (!project || project.kind !== "demonstration") notFound();
  return <ReviewWorkspace slug={project.slug} projectName={project.name} />;
}
