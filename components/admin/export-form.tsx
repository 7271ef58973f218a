"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useStoredValue } from "@/components/use-stored-value";
import { ExportFilters, FormatSelect, SplitOptions } from "./export-fields";
import { SourceOptions, type ExportSourceCounts } from "./export-sources";
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS_BY_KIND } from "@/lib/domain/export/formats";
import { downloadedFile } from "./export-progress";
import { exportRequest, readRemembered } from "./export-request";
import { ExportActions, ExportFailed, ExportSaved } from "./export-status";
import { useExportProgress } from "./use-export-progress";

const storageKey = (slug: string) => `rlhf:export-options:${slug}`;
// Fields React controls come back through state, not by writing the DOM.
const CONTROLLED = new Set(["format", "useSplit"]);

/** Puts remembered values into the form's own (uncontrolled) fields. */
function fillFields(form: HTMLFormElement, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    if (CONTROLLED.has(name)) continue;
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement && field.type === "checkbox") field.checked = value === "true";
    else if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
  }
}

/** The browser's own download manager saves the stream straight to disk: memory stays flat. */
function startDownload(href: string) {
  const link = document.createElement("a");
  link.href = href;
  link.download = "";
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Starts an export as a browser download and shows its progress from the export's record
 * (use-export-progress.ts), followed by an id this page chose. The last options that passed
 * come back on the next visit.
 */
export function ExportForm({
  slug,
  kind,
  formats: projectFormats,
  sourceCounts = null,
}: {
  slug: string;
  kind: string;
  /** The project's formats when they depend on more than its kind (feedback: exportFormatsFor). */
  formats?: string[];
  sourceCounts?: ExportSourceCounts | null;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const formats = projectFormats ?? EXPORT_FORMATS_BY_KIND[kind] ?? [...EXPORT_FORMAT_NAMES];
  const [rememberedText, remember] = useStoredValue(storageKey(slug));
  const remembered = useMemo(() => readRemembered(rememberedText), [rememberedText]);
  const [chosenFormat, setFormat] = useState<string | null>(null);
  const [chosenSplit, setSplit] = useState<boolean | null>(null);
  const format =
    chosenFormat ?? (remembered?.format && formats.includes(remembered.format) ? remembered.format : formats[0]!);
  const split = chosenSplit ?? remembered?.useSplit === "true";
  // Refused options, found before anything started.
  const [problem, setProblem] = useState<string | null>(null);
  const [run, setRun] = useState<{ id: string; part: string | null } | null>(null);
  const refresh = useCallback(() => router.refresh(), [router]);
  const progress = useExportProgress(run?.id ?? null, refresh);

  useEffect(() => {
    if (!rememberedText || !formRef.current) return;
    if (remembered) fillFields(formRef.current, remembered);
    else window.localStorage.removeItem(storageKey(slug));
  }, [rememberedText, remembered, slug]);

  function download(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = [...new FormData(event.currentTarget)].map(([name, value]): [string, string] => [
      name,
      String(value),
    ]);
    const request = exportRequest(fields, format, split);
    if (!request.ok) {
      setRun(null);
      setProblem(request.message);
      return;
    }
    remember(JSON.stringify(request.remembered));
    const exportId = crypto.randomUUID();
    request.query.set("exportId", exportId);
    startDownload(
      `/api/projects/${encodeURIComponent(slug)}/export${request.bundle ? "/bundle" : ""}?${request.query}`,
    );
    setProblem(null);
    setRun({ id: exportId, part: request.part });
  }

  const shown = problem !== null ? { kind: "failed" as const, message: problem } : progress;
  return (
    <form ref={formRef} onSubmit={download} aria-label="Export" className="space-y-4">
      <FormatSelect formats={formats} value={format} onChange={setFormat} />
      <ExportFilters format={format} kind={kind} />
      <SourceOptions counts={sourceCounts} />
      <SplitOptions split={split} onSplitChange={setSplit} />
      <ExportActions progress={shown} />
      {shown.kind === "failed" ? <ExportFailed message={shown.message} /> : null}
      {shown.kind === "done" && run ? <ExportSaved file={downloadedFile(shown.record, run.part, slug)} /> : null}
    </form>
  );
}
