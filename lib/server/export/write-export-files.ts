import "server-only";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ExportFilters } from "@/lib/domain/export/filters";
import type { ExportFormat } from "@/lib/domain/export/formats";
import type { ExportManifest } from "@/lib/domain/export/manifest";
import { AppError } from "@/lib/server/errors";
import { recordedExport } from "@/lib/server/export/record-export";

export interface WriteExportFilesOptions {
  slug: string;
  format: ExportFormat;
  /** The file to write; with a split, one file per part beside it (data.jsonl -> data.train.jsonl). */
  out: string;
  filters?: ExportFilters;
  actorId?: string | null;
}

export type WrittenExport = ExportManifest & {
  exportId: string;
  file: string;
  /** The file, or with a split the file of each part. */
  files: string | Record<string, string>;
  manifestFile: string;
};

/** The file of a split part: data.jsonl -> data.train.jsonl (no part: the file itself). */
export function partFile(out: string, part: string): string {
  if (!part) return out;
  const ext = path.extname(out);
  return `${out.slice(0, out.length - ext.length)}.${part}${ext || ".jsonl"}`;
}

async function open(file: string): Promise<WriteStream> {
  const stream = createWriteStream(`${file}.partial`);
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", (error) =>
      reject(new AppError("bad_request", `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`)),
    );
  });
  return stream;
}

/**
 * A recorded export written to files: the rows (one file per split part) and
 * F.manifest.json. Each file is written beside its target and renamed at the end, so a
 * failed export leaves no half file.
 */
export async function writeExportFiles(options: WriteExportFilesOptions): Promise<WrittenExport> {
  const { slug, format, out, filters = {}, actorId = null } = options;
  const files = new Map((filters.split ?? [{ name: "" }]).map((p) => [p.name, partFile(out, p.name)]));
  const streams = new Map<string, WriteStream>();
  const cleanUp = async () => {
    for (const [part, stream] of streams) {
      stream.destroy();
      await rm(`${files.get(part)}.partial`, { force: true });
    }
  };
  try {
    for (const [part, file] of files) streams.set(part, await open(file));
    const manifest = await recordedExport({
      slug,
      format,
      out: (part) => streams.get(part) ?? null,
      actorId,
      fileName: out,
      filters,
    });
    for (const [part, stream] of streams) {
      await new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      await rename(`${files.get(part)}.partial`, files.get(part)!);
    }
    streams.clear();
    const written = filters.split ? Object.fromEntries(files) : out;
    const manifestFile = `${out}.manifest.json`;
    await writeFile(manifestFile, `${JSON.stringify({ ...manifest, file: out, files: written }, null, 2)}\n`);
    return { ...manifest, file: out, files: written, manifestFile };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
