"use client";

import { lazy } from "react";
import type { LabelingProject } from "./types";

// Each kind's task component is its own chunk: a labeler on a comparison project never
// downloads the ranking or demonstration code (issue 13, the labeling page's budget).
const loaders = {
  demonstration: () => import("./demonstration-task").then((m) => ({ default: m.DemonstrationTask })),
  comparison: () => import("./comparison-task").then((m) => ({ default: m.ComparisonTask })),
  ranking: () => import("./ranking-task").then((m) => ({ default: m.RankingTask })),
} as const;

export const TASKS = {
  demonstration: lazy(loaders.demonstration),
  comparison: lazy(loaders.comparison),
  ranking: lazy(loaders.ranking),
} as const;

/** The kinds labeled one item at a time; a conversation has its own workspace (conversation-workspace.tsx). */
export type ItemTaskKind = Exclude<LabelingProject["kind"], "conversation">;

/** The kind, for TASKS: a conversation project never reaches the item-by-item workspace. */
export function itemTaskKind(kind: LabelingProject["kind"]): ItemTaskKind {
  if (kind === "conversation") throw new Error("a conversation project is labeled in its own workspace");
  return kind;
}

/** Starts fetching the project's task component while its first task is being claimed. */
export function preloadTaskKind(kind: LabelingProject["kind"]) {
  if (kind !== "conversation") void loaders[kind]();
}
