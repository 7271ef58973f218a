import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import { KIND_LABELS } from "@/lib/domain/project-kinds";
import type { ProjectSummary } from "@/lib/server/projects/list-projects";

const STATUS_TONE = { active: "green", paused: "amber", archived: "slate", draft: "slate" } as const;

export function ProjectsTable({ projects }: { projects: ProjectSummary[] }) {
  return (
    <Table
      testId="projects-table"
      columns={[
        { label: "Project" },
        { label: "Kind" },
        { label: "Status" },
        { label: "Overlap", align: "right" },
        { label: "Items", align: "right" },
        { label: "Members", align: "right" },
        { label: "Annotations", align: "right" },
      ]}
    >
      {projects.map((p) => (
        <tr key={p.id}>
          <td className="px-5 py-3">
            <Link href={`/admin/projects/${p.slug}`} className="font-medium text-indigo-700 hover:underline">
              {p.name}
            </Link>
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
    </Table>
  );
}
