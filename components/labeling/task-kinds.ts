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

/** Starts fetching the project's task component while its first task is being claimed. */
export function preloadTaskKind(kind: LabelingProject["kind"]) {
  void loaders[kind]();
}
