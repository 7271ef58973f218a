// What an export's manifest says about it, gathered while the rows go by: counts, the sha256
// of every row in export order and of each split part's rows, the exported items' agreement
// and the guideline versions answered under. Pure: the caller writes the rows it is handed.
import { createHash, type Hash } from "node:crypto";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { filtersRecord, type ExportFilters } from "@/lib/domain/export/filters";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { ktoClassWeights, type KtoBalance } from "@/lib/domain/export/kto-weights";
import { ROW_SOURCES, type RowSource } from "@/lib/domain/export/sources";
import { splitPartOf } from "@/lib/domain/export/split";

export interface SplitSummary {
  share: number;
  items: number;
  rows: number;
  sha256: string;
  rowsBySource: Record<RowSource, number>;
  /** `kto` only: this part's label balance and suggested class weights. */
  kto?: KtoBalance;
}

export interface ExportManifest {
  project: string;
  format: ExportFormat;
  filters: Record<string, unknown>;
  rows: number;
  /** Rows by where their label came from (docs/EXPORTS.md "Sources"); every source named. */
  rowsBySource: Record<RowSource, number>;
  /** `kto` only: the label balance and KTOConfig's suggested desirable_weight / undesirable_weight. */
  kto?: KtoBalance;
  /** Feedback events that went into the export (docs/EXPORTS.md "Rows from feedback"). */
  feedbackEvents: number;
  /** Of every row in export order: the file's hash when there is no split. */
  sha256: string;
  items: number;
  annotations: number;
  /** Pairwise agreement of the exported items that have one (two or more rankings). */
  agreement: { itemsMeasured: number; mean: number | null; min: number | null };
  guidelineVersions: number[];
  /** Per part when split: its share, items, rows and sha256. */
  split: Record<string, SplitSummary> | null;
  createdAt: string;
}

/** An item that passed the filters, as the manifest counts it. */
export interface ManifestItem {
  messages: ChatMessage[];
  agreement: number | null;
  guidelineVersions: number[];
}

/** Without a split every row goes to this one part. */
export const WHOLE = "";

export class ManifestAccumulator {
  /** The filters as recorded (exports table, manifest, audit event): computed once, here. */
  readonly filters: Record<string, unknown>;
  private readonly parts = new Map<string, PartTally>();
  private readonly total = createHash("sha256");
  private readonly versions = new Set<number>();
  private readonly measured = { count: 0, sum: 0, min: Infinity };
  private rows = 0;
  private items = 0;
  private annotations = 0;
  private feedbackEvents = 0;
  private readonly tally = newTally();

  constructor(
    private readonly project: string,
    private readonly format: ExportFormat,
    private readonly exportFilters: ExportFilters,
  ) {
    this.filters = filtersRecord(exportFilters);
    for (const part of exportFilters.split ?? [{ name: WHOLE, share: 1 }])
      this.parts.set(part.name, { share: part.share, items: 0, rows: 0, hash: createHash("sha256"), ...newTally() });
  }

  /** The part names rows go to (WHOLE alone without a split). */
  partNames(): string[] {
    return [...this.parts.keys()];
  }

  /** Counts an exported item with its answers; returns the split part its rows go to. */
  addItem(item: ManifestItem, annotations: number): string {
    this.items += 1;
    this.annotations += annotations;
    for (const version of item.guidelineVersions) this.versions.add(version);
    if (item.agreement !== null) {
      this.measured.count += 1;
      this.measured.sum += item.agreement;
      this.measured.min = Math.min(this.measured.min, item.agreement);
    }
    const split = this.exportFilters.split;
    const part = split ? splitPartOf(split, item.messages) : WHOLE;
    this.parts.get(part)!.items += 1;
    return part;
  }

  /** Counts a feedback event that went in; returns the split part its rows go to (by its prompt). */
  addFeedbackEvent(messages: ChatMessage[]): string {
    this.feedbackEvents += 1;
    const split = this.exportFilters.split;
    return split ? splitPartOf(split, messages) : WHOLE;
  }

  /** Counts and hashes one row (a JSONL line with its newline) of a part: its source, a kto row's label. */
  addRow(part: string, chunk: string, source: RowSource = "human", label?: boolean) {
    const summary = this.parts.get(part)!;
    this.total.update(chunk);
    summary.hash.update(chunk);
    summary.rows += 1;
    this.rows += 1;
    for (const tally of [summary, this.tally]) {
      tally.bySource[source] += 1;
      if (label !== undefined) tally.labels[label ? 0 : 1] += 1;
    }
  }

  get rowCount(): number {
    return this.rows;
  }

  /** The manifest; call once, at the end (it closes the hashes). */
  finish(createdAt = new Date()): ExportManifest {
    const split = this.exportFilters.split
      ? Object.fromEntries(
          [...this.parts].map(([name, p]) => [
            name,
            {
              share: p.share,
              items: p.items,
              rows: p.rows,
              sha256: p.hash.digest("hex"),
              ...this.tallied(p),
            },
          ]),
        )
      : null;
    const { count, sum, min } = this.measured;
    return {
      project: this.project,
      format: this.format,
      filters: this.filters,
      rows: this.rows,
      ...this.tallied(this.tally),
      feedbackEvents: this.feedbackEvents,
      sha256: this.total.digest("hex"),
      items: this.items,
      annotations: this.annotations,
      agreement: { itemsMeasured: count, mean: count ? sum / count : null, min: count ? min : null },
      guidelineVersions: [...this.versions].sort((a, b) => a - b),
      split,
      createdAt: createdAt.toISOString(),
    };
  }

  private tallied(tally: Tally): { rowsBySource: Record<RowSource, number>; kto?: KtoBalance } {
    return {
      rowsBySource: { ...tally.bySource },
      ...(this.format === "kto" ? { kto: ktoClassWeights(tally.labels[0], tally.labels[1]) } : {}),
    };
  }
}

/** Rows by source, and kto rows by label ([true, false]). */
interface Tally {
  bySource: Record<RowSource, number>;
  labels: [number, number];
}

type PartTally = Tally & { share: number; items: number; rows: number; hash: Hash };

function newTally(): Tally {
  return {
    bySource: Object.fromEntries(ROW_SOURCES.map((s) => [s, 0])) as Record<RowSource, number>,
    labels: [0, 0],
  };
}
