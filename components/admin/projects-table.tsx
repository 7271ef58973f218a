import { Badge } from "@/components/ui/badge";
import { KIND_LABELS } from "@/lib/domain/project-kinds";
import type { ProjectSummary } from "@/lib/server/projects/list-projects";

const STATUS_TONE = { active: "green", paused: "amber", archived: "slate" } as const;

export function ProjectsTable({ projects }: { projects: ProjectSummary[] }) {
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-100 text-sm" data-testid="projects-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-5 py-3">Project</th>
            <th scope="col" className="px-5 py-3">Kind</th>
            <th scope="col" className="px-5 py-3">Status</th>
            <th scope="col" className="px-5 py-3 text-right">Overlap</th>
            <th scope="col" className="px-5 py-3 text-right">Items</th>
            <th scope="col" className="px-5 py-3 text-right">Members</th>
            <th scope="col" className="px-5 py-3 text-right">Annotations</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {projects.map((p) => (
            <tr key={p.id}>
              <td className="px-5 py-3">
                <div className="font-medium text-slate-900">{p.name}</div>
                <div className="font-mono text-xs text-slate-500">{p.slug}</div>
              </td>
              <td className="px-5 py-3">
                <Badge tone="indigo">{KIND_LABELS[p.kind]}</Badge>
              </td>
              <td className="px-5 py-3">
                <Badge tone={STATUS_TONE[p.status]}>{p.status}</Badge>
              </td>
              <td className="px-5 py-3 text-right tabular-nums">{p.overlap}</td>
              <td className="px-5 py-3 text-right tabular-nums">{p.items}</td>
              <td className="px-5 py-3 text-right tabular-nums">{p.members}</td>
              <td className="px-5 py-3 text-right tabular-nums">{p.annotations}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
