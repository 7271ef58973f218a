import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { TabLinks } from "@/components/ui/tab-links";
import { KIND_DESCRIPTIONS, KIND_LABELS } from "@/lib/domain/project-kinds";
import { PROJECT_TAB_LABELS, projectTabHref, projectTabOf, projectTabsFor } from "@/lib/domain/project-tabs";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { pageSlugFrom } from "@/lib/server/route-params";
import { projectTabData } from "@/lib/server/projects/project-tab-data";
import { projectHasFeedback } from "@/lib/server/feedback/feedback-page";
import { TabPanel } from "./tab-panels";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const tab = projectTabOf((await searchParams).tab);
  return { title: `${(await params).slug} · ${PROJECT_TAB_LABELS[tab]}` };
}

/** A project's page: one tab at a time (?tab=…), each reading only what it shows. */
export default async function ProjectPage({ params, searchParams }: Props) {
  await requirePageAdmin();
  const slug = await pageSlugFrom(params);
  const query = await searchParams;
  const data = await projectTabData(slug, projectTabOf(query.tab), { page: query.page });
  if (!data) notFound();
  const { project, tab } = data;
  const feedback = tab === "feedback" || (await projectHasFeedback(project.id));
  return (
    <>
      <Link href="/admin/projects" className="text-sm text-indigo-700 hover:underline">
        ← Projects
      </Link>
      <PageHeader title={project.name} description={KIND_DESCRIPTIONS[project.kind]}>
        <div className="flex items-center gap-2">
          <Badge tone="indigo">{KIND_LABELS[project.kind]}</Badge>
          <Badge tone={project.status === "active" ? "green" : "amber"}>{project.status}</Badge>
          <span className="font-mono text-xs text-slate-500">{project.slug}</span>
        </div>
      </PageHeader>
      <TabLinks
        label="Project sections"
        current={tab}
        panelId="project-tab-panel"
        tabs={projectTabsFor(project.kind, { feedback }).map((id) => ({
          id,
          label: PROJECT_TAB_LABELS[id],
          href: projectTabHref(project.slug, id),
        }))}
      />
      <div id="project-tab-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} tabIndex={-1} className="space-y-6">
        <TabPanel data={data} />
      </div>
    </>
  );
}
