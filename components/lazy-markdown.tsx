"use client";

import { lazy, Suspense } from "react";

// The Markdown renderer (react-markdown and remark-gfm) is the largest part of the labeling
// page's JavaScript: it is fetched on its own, after the page's own scripts, and only by the
// pages that render Markdown in the browser (issue 13, the labeling page's budget). Pages
// rendered on the server import components/markdown.tsx directly and ship none of it.
const load = () => import("./markdown");
const Renderer = lazy(() => load().then((module) => ({ default: module.Markdown })));

/** Starts fetching the renderer ahead of need (the labeling page does while it claims a task). */
export function preloadMarkdown() {
  void load();
}

/** components/markdown.tsx's Markdown, loaded on first use; meanwhile the text is shown as it is. */
export function Markdown({ children, className = "" }: { children: string; className?: string }) {
  return (
    <Suspense fallback={<div className={`markdown whitespace-pre-wrap ${className}`}>{children}</div>}>
      <Renderer className={className}>{children}</Renderer>
    </Suspense>
  );
}
