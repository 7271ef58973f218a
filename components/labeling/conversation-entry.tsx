"use client";

import { lazy, Suspense } from "react";
import type { LabelingProject } from "./types";

// The conversation workspace is its own chunk (as task-kinds.ts does for the item kinds): a
// labeler on a comparison project never downloads it, and the reverse.
const ConversationWorkspace = lazy(() =>
  import("./conversation-workspace").then((m) => ({ default: m.ConversationWorkspace })),
);

export function ConversationEntry({ project }: { project: LabelingProject }) {
  return (
    <Suspense
      fallback={
        <p role="status" className="py-16 text-center text-sm text-slate-500">
          Loading…
        </p>
      }
    >
      <ConversationWorkspace project={project} />
    </Suspense>
  );
}
