// The tabs of an admin's project page, in order. The tab is in the URL (?tab=quality), so a
// reload or Back keeps it; anything else in that place means the first tab.

export const PROJECT_TABS = [
  "overview",
  "conversations",
  "data",
  "quality",
  "feedback",
  "judges",
  "export",
  "settings",
  "members",
] as const;
export type ProjectTab = (typeof PROJECT_TABS)[number];

export const PROJECT_TAB_LABELS: Record<ProjectTab, string> = {
  overview: "Overview",
  conversations: "Conversations",
  data: "Data",
  quality: "Quality",
  feedback: "Feedback",
  judges: "Judges",
  export: "Export",
  settings: "Settings",
  members: "Members",
};

/**
 * The tabs a project of this kind has: only conversation projects have a Conversations tab, only
 * comparison and ranking projects a Judges tab (docs/JUDGES.md); the Feedback tab shows once the
 * project has production feedback or feedback settings.
 */
export function projectTabsFor(kind: string, options: { feedback?: boolean } = {}): readonly ProjectTab[] {
  const judged = kind === "comparison" || kind === "ranking";
  return PROJECT_TABS.filter(
    (t) =>
      (t !== "conversations" || kind === "conversation") &&
      (t !== "judges" || judged) &&
      (t !== "feedback" || options.feedback === true),
  );
}

/** The tab a `?tab=` value names; the overview when it names none. */
export function projectTabOf(value: unknown): ProjectTab {
  return typeof value === "string" && (PROJECT_TABS as readonly string[]).includes(value)
    ? (value as ProjectTab)
    : "overview";
}

/** The page's URL showing `tab` (the overview has the plain URL). */
export function projectTabHref(slug: string, tab: ProjectTab): string {
  const base = `/admin/projects/${encodeURIComponent(slug)}`;
  return tab === "overview" ? base : `${base}?tab=${tab}`;
}
