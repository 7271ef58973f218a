import type { Metadata } from "next";
import { CreateProjectForm } from "@/components/admin/create-project-form";
import { ProjectsTable } from "@/components/admin/projects-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { listAllProjects } from "@/lib/server/projects/list-projects";
import { createProjectAction } from "./actions";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  await requirePageAdmin();
  const projects = await listAllProjects();
  return (
    <>
      <PageHeader
        title="Projects"
        description="One project per labeling job: demonstrations, comparisons or rankings."
      />
      <div className="space-y-6">
        <Card title="New project">
          <CreateProjectForm action={createProjectAction} />
        </Card>
        <Card title={`All projects (${projects.length})`}>
          {projects.length === 0 ? (
            <EmptyState title="No projects yet" testId="no-projects">
              Create one above, or from the command line:{" "}
              <code className="rounded bg-slate-100 px-1 font-mono text-xs">
                npm run -s cli -- project create --slug demo --kind ranking
              </code>
            </EmptyState>
          ) : (
            <ProjectsTable projects={projects} />
          )}
        </Card>
      </div>
    </>
  );
}
