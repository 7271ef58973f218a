// The export formats the project page offers: read from the one list in lib/domain, which the
// API and the CLI enforce too.
import { EXPORT_FORMAT_LABELS, EXPORT_FORMAT_NAMES, EXPORT_FORMATS_BY_KIND } from "@/lib/domain/export/formats";

export const FORMAT_LABELS: Record<string, string> = EXPORT_FORMAT_LABELS;

/** The formats a project of this kind can export, the usual one first. */
export const formatsFor = (kind: string): string[] => EXPORT_FORMATS_BY_KIND[kind] ?? [...EXPORT_FORMAT_NAMES];
